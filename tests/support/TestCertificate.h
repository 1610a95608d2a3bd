#pragma once

#include <QString>

class NodeProcess;

/// Self-signed certificates for TLS tests (tests/security, the GUI tests), made with the openssl
/// command line: NAME.crt is its own CA, NAME.key its EC key (mode 0600).
class TestCertificate {
public:
    /// The openssl binary, or empty when it is not installed (skip the test then).
    [[nodiscard]] static QString openssl();
    /// Writes DIR/NAME.crt and DIR/NAME.key for `subjectAltName` (e.g. "IP:127.0.0.1"); false
    /// with the reason in `error`.
    [[nodiscard]] static bool make(const QString &dir, const QString &name, const QString &subjectAltName,
                                   QString *error);
    /// Makes `node` (before its start) serve its snapshots over TLS with DIR/NAME.crt and DIR/NAME.key:
    /// the lines go after idle-timeout, the last key of [snapshot] in a generated config.
    static void serveTls(NodeProcess &node, const QString &dir, const QString &name);
};
