#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace tidemark {

/// Something an operator must hear about: a scheduled (or plain CLI) job that failed, or a chain
/// whose newest good backup is older than its schedule allows. The same alert goes to the desktop
/// (DesktopNotifier), a webhook (Webhook) or both (dispatchAlert).
struct Alert {
    Q_DECLARE_TR_FUNCTIONS(Alert)

public:
    enum class Kind { Failed, Overdue };
    Kind kind = Kind::Failed;
    QString schedule;      ///< The schedule's name (empty for a plain CLI job).
    QString node;          ///< host:port of the node.
    QString chain;         ///< The chain's path or s3:// URL.
    QString job;           ///< `backup`, `verify`, `prune`.
    int code = 0;          ///< The failure's ErrorCode (Failed).
    QString message;       ///< The failure's message (Failed).
    int attempts = 1;      ///< How many tries the run made (Failed).
    QDateTime time;        ///< When (UTC).
    QDateTime lastSuccess; ///< The newest good backup (invalid: never).
    int overdueHours = 0;  ///< The threshold (Overdue).

    /// One line, e.g. "Tidemark: backup of 127.0.0.1:8808 failed".
    [[nodiscard]] QString title() const;
    /// One or two lines a human reads: what, when, the error, what to do.
    [[nodiscard]] QString text() const;
    /// {"event": "failed"|"overdue", "title", "text", "message", "schedule", "node", "chain",
    /// "job", "code", "attempts", "time" (ISO 8601, UTC), "last_success" (or null),
    /// "overdue_hours"}. Its "text" makes a Slack incoming webhook show it as it is.
    [[nodiscard]] QJsonObject toJson() const;
};

} // namespace tidemark
