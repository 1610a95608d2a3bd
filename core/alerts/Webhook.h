#pragma once

#include "alerts/Alert.h"
#include "common/Error.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QUrl>

#include <optional>

namespace tidemark {

/// How Webhook::post tries (Webhook::Options).
struct WebhookOptions {
    int tries = 3;          ///< How many POSTs at most.
    int timeoutMs = 10000;  ///< Each POST's limit, answer included.
    int firstWaitMs = 1000; ///< The wait before the second try; it doubles before each next one.
};

/// Sends an alert as an HTTP POST to a webhook: a chat's incoming webhook (Slack and compatible
/// take Alert::toJson() as it is, through its "text"), any service that reads JSON, or
/// Prometheus Alertmanager's API.
class Webhook {
    Q_DECLARE_TR_FUNCTIONS(Webhook)

public:
    enum class Format {
        Json,         ///< Alert::toJson().
        Alertmanager, ///< The body of Alertmanager's POST /api/v2/alerts: an array of one alert.
    };
    using Options = WebhookOptions;

    /// POSTs the alert (Content-Type: application/json, User-Agent: tidemark/VERSION). Retries on
    /// connection errors, timeouts and HTTP 5xx and 429; any other answer outside 2xx is final.
    /// Synchronous (its own QNetworkAccessManager and QEventLoop): call it from a worker thread or
    /// a QCoreApplication's thread, never the GUI's. The time it takes is bounded: tries × timeout
    /// plus the waits. An error names the URL without its user info, query and fragment (webhook
    /// URLs carry secrets) and the last HTTP status or network error.
    [[nodiscard]] static Status post(const QUrl &url, const Alert &alert, Format format = Format::Json,
                                     const Options &options = {});
    /// "json", "alertmanager" (any case).
    [[nodiscard]] static std::optional<Format> formatByName(const QString &name);
    /// The body post() sends.
    [[nodiscard]] static QByteArray body(const Alert &alert, Format format);
    /// `url` as errors and logs name it: its scheme, host and port, `/…` for a path (Slack's and
    /// Discord's webhook URLs hold their secret in the path, others in the query or user info).
    [[nodiscard]] static QString displayUrl(const QUrl &url);
};

} // namespace tidemark
