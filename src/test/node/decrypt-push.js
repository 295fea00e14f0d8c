// Decrypts a Web Push message (RFC 8291, aes128gcm) with the npm http_ece package, independently of
// the service's Java code. Usage: node decrypt-push.js <body file> <private key base64url> <auth base64url>
// Prints the plaintext on stdout, or the error and exits 1.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const ece = require('http_ece');

const [bodyFile, privateKey, authSecret] = process.argv.slice(2);
try {
  const receiver = crypto.createECDH('prime256v1');
  receiver.setPrivateKey(Buffer.from(privateKey, 'base64url'));
  const plaintext = ece.decrypt(fs.readFileSync(bodyFile), {
    version: 'aes128gcm',
    privateKey: receiver,
    authSecret: authSecret,
  });
  process.stdout.write('PLAINTEXT ' + plaintext.toString('utf8') + '\n');
} catch (e) {
  process.stdout.write('ERROR ' + e.message + '\n');
  process.exit(1);
}
