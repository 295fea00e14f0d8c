package dev.countersign.common.store;

import dev.countersign.common.H2GroupCommit;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Shows {@link H2GroupCommit} every SQL statement Hibernate sends, so that only transactions that
 * wrote wait for the database file on commit. Changes no statement.
 */
@PersistenceUnitExtension
public class WritingStatements implements StatementInspector {
    private final H2GroupCommit groupCommit;

    public WritingStatements(H2GroupCommit groupCommit) {
        this.groupCommit = groupCommit;
    }

    @Override
    public String inspect(String sql) {
        groupCommit.statementSent(sql);
        return sql;
    }
}
