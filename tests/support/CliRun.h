#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QProcessEnvironment>
#include <QStringList>

namespace tidemark::test {

/// One `tidemark-cli` run to its end, as the integration tests look at it.
struct CliRun {
    int exitCode = -1;    ///< -1 when it did not end in time or did not exit normally.
    bool crashed = false; ///< Killed by a signal (a kill test's SIGKILL).
    QByteArray out;
    QByteArray err;

    /// For QVERIFY2 messages: the exit code and both streams.
    [[nodiscard]] QByteArray text() const;
    /// The last line of `out` as JSON (a command run with --json).
    [[nodiscard]] QJsonObject json() const;
    /// Every line of `out` whose "event" is `event` (--json events).
    [[nodiscard]] QList<QJsonObject> events(const QString &event) const;
};

/// Runs `tidemark-cli ARGS` (the TIDEMARK_CLI binary ctest sets) in `env` and waits up to
/// `timeoutMs` for it; one that is still running then is killed and returned with exit code -1.
CliRun runCli(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
              int timeoutMs = 180000);

/// The system environment with `name=value` pairs set.
QProcessEnvironment environmentWith(const QList<QPair<QString, QString>> &set);

} // namespace tidemark::test
