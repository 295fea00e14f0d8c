package dev.countersign.approval;

import dev.countersign.common.VisibleCharacters;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/**
 * The small text rules of the display: values are neutralised (control, format and bidi characters
 * become U+FFFD, long values are cut) and HTML-escaped; amounts are formatted in their currency's
 * digits; account numbers are masked.
 */
final class DisplayText {
    static final int MAX_VALUE_LENGTH = 120;
    private static final String MASK = "••••";

    private DisplayText() {}

    /** A value as it may appear on the phone: visible characters only, at most 120, HTML-escaped. */
    static String safe(Object value) {
        String text = String.valueOf(value);
        StringBuilder clean = new StringBuilder();
        text.codePoints()
                .limit(MAX_VALUE_LENGTH)
                .forEach(c -> clean.appendCodePoint(VisibleCharacters.isVisible(c) ? c : 0xFFFD));
        if (text.codePointCount(0, text.length()) > MAX_VALUE_LENGTH) {
            clean.append('…');
        }
        return escape(clean.toString());
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** ••••1234: the last four letters or digits of an account number. */
    static String mask(Object value) {
        String alnum = String.valueOf(value).replaceAll("[^A-Za-z0-9]", "");
        return alnum.length() <= 4 ? MASK : MASK + alnum.substring(alnum.length() - 4);
    }

    /**
     * The amount in its currency, e.g. €42.00 (en) or 42,00 € (de-DE), with the currency's digits
     * (ISO 4217: JPY 0, EUR 2, KWD 3), never rounding away digits that were sent. An unknown currency
     * or unreadable amount is shown as sent.
     */
    static String money(Object amount, Object currencyCode, Locale locale) {
        try {
            BigDecimal value = new BigDecimal(String.valueOf(amount));
            Currency currency = Currency.getInstance(String.valueOf(currencyCode));
            int digits = Math.max(0, currency.getDefaultFractionDigits());
            NumberFormat format = NumberFormat.getCurrencyInstance(locale);
            format.setCurrency(currency);
            format.setMinimumFractionDigits(digits);
            format.setMaximumFractionDigits(
                    Math.max(digits, value.stripTrailingZeros().scale()));
            return format.format(value);
        } catch (IllegalArgumentException e) {
            return amount + " " + currencyCode;
        }
    }
}
