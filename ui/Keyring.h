#pragma once

#include <QCoreApplication>
#include <QString>

#include <functional>

class QObject;

namespace tidemark::ui {

/// Secrets in the system keyring through QtKeychain (the Secret Service of GNOME Keyring or
/// KeePassXC, KWallet …), under the service "tidemark". Every call is asynchronous: `done` runs
/// later on the GUI thread, and not at all once `context` is gone.
///
/// Where no keyring runs (a server, CI, a desktop without a Secret Service on the session bus)
/// every call ends in Outcome::NoKeyring: callers say so and fall back (NodeStore, LocationDialog,
/// UnlockDialog).
/// Tests replace the keyring with setInstance().
class Keyring {
    Q_DECLARE_TR_FUNCTIONS(Keyring)

public:
    enum class Outcome {
        Ok,        ///< Done (read: `secret` holds the secret).
        NotFound,  ///< read(): the keyring answers but holds no such key.
        NoKeyring, ///< No keyring runs, or QtKeychain cannot reach it.
        Failed,    ///< The keyring refused (access denied, the user cancelled the unlock).
    };
    struct Answer {
        Outcome outcome = Outcome::Failed;
        QString secret; ///< read(): the secret when Ok.
        QString error;  ///< What went wrong, when not Ok (QtKeychain's words).
    };
    using Done = std::function<void(const Answer &)>;

    Keyring() = default;
    virtual ~Keyring() = default;
    Q_DISABLE_COPY_MOVE(Keyring)

    virtual void read(const QString &key, QObject *context, Done done) = 0;
    virtual void write(const QString &key, const QString &secret, QObject *context, Done done) = 0;
    virtual void remove(const QString &key, QObject *context, Done done) = 0;
    /// Whether a keyring answers: reads a key that is never written (NotFound counts as Ok).
    void check(QObject *context, const Done &done);

    /// The keyring in use: QtKeychain's, unless a test set another.
    [[nodiscard]] static Keyring &instance();
    /// Replaces the keyring (nullptr: QtKeychain's again); the caller keeps ownership.
    static void setInstance(Keyring *keyring);

    /// The key of an S3 location's secret key: the location's URL and the access key id.
    [[nodiscard]] static QString keyFor(const QString &location, const QString &accessKey);
    /// The key of the passphrase of the encrypted chain at `location` (a path or `s3://…`).
    [[nodiscard]] static QString keyForChainPassphrase(const QString &location);
    /// The key of node `nodeId`'s auth token.
    [[nodiscard]] static QString keyForNodeToken(const QString &nodeId);
    /// QtKeychain's service name: "tidemark".
    [[nodiscard]] static QString service();
    /// The answer of `outcome` in a sentence for the user ("No system keyring is running …").
    [[nodiscard]] static QString describe(const Answer &answer);
};

} // namespace tidemark::ui
