// What coe-ui's browser_keys.js needs of @peculiar/x509: a PKCS #10 request
// signed with a WebCrypto key. tsyringe (inside @peculiar/x509) needs the
// Reflect metadata polyfill first.
import "reflect-metadata";
export { Pkcs10CertificateRequestGenerator } from "@peculiar/x509";
