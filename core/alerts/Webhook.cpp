#include "alerts/Webhook.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace tidemark {

namespace {

/// What one POST ended with.
struct Outcome {
    int status = 0;     ///< The HTTP status (0: no answer).
    QString reason;     ///< The status's reason phrase.
    bool retry = false; ///< Worth another try.
    bool timedOut = false;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
};

/// Network errors another try cannot mend.
bool isFinal(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
    case QNetworkReply::AuthenticationRequiredError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return true;
    default:
        return false;
    }
}

/// `text` with every spelling of `url` replaced by `shown`, and its query gone: Qt's error
/// strings name the whole URL.
QString withoutSecrets(QString text, const QUrl &url, const QString &shown)
{
    for (const QString &spelling :
         {url.toString(QUrl::FullyEncoded), url.toString(QUrl::PrettyDecoded), url.toDisplayString()})
        if (!spelling.isEmpty())
            text.replace(spelling, shown);
    for (const QString &secret :
         {url.query(QUrl::FullyEncoded), url.query(QUrl::FullyDecoded), url.userInfo(QUrl::FullyEncoded),
          url.userInfo(QUrl::PrettyDecoded), url.password(QUrl::FullyDecoded)})
        if (!secret.isEmpty())
            text.replace(secret, QStringLiteral("…"));
    return text;
}

Outcome postOnce(QNetworkAccessManager &manager, const QUrl &url, const QByteArray &payload, int timeoutMs)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("tidemark/" TIDEMARK_VERSION));
    request.setTransferTimeout(0); // the timer below bounds the whole exchange
    std::unique_ptr<QNetworkReply> reply(manager.post(request, payload));
    Outcome outcome;
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, [&] {
        outcome.timedOut = true;
        reply->abort();
        loop.quit();
    });
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    timer.start(std::max(1, timeoutMs));
    if (!reply->isFinished())
        loop.exec();
    timer.stop();
    outcome.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    outcome.reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    outcome.error = reply->error();
    outcome.errorString = reply->errorString();
    if (outcome.timedOut)
        outcome.retry = true;
    else if (outcome.status > 0)
        outcome.retry = outcome.status >= 500 || outcome.status == 429;
    else
        outcome.retry = !isFinal(outcome.error);
    return outcome;
}

/// Waits `ms`, serving this thread's events.
void pause(int ms)
{
    if (ms <= 0)
        return;
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

QString Webhook::displayUrl(const QUrl &url)
{
    // Slack's and Discord's URLs carry their secret in the path: only the server is named.
    const QString path = url.path();
    return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment).toString() +
           (path.isEmpty() || path == QLatin1String("/") ? QString() : QStringLiteral("/…"));
}

std::optional<Webhook::Format> Webhook::formatByName(const QString &name)
{
    if (name.compare(QLatin1String("json"), Qt::CaseInsensitive) == 0)
        return Format::Json;
    if (name.compare(QLatin1String("alertmanager"), Qt::CaseInsensitive) == 0)
        return Format::Alertmanager;
    return std::nullopt;
}

QByteArray Webhook::body(const Alert &alert, Format format)
{
    if (format == Format::Json)
        return QJsonDocument(alert.toJson()).toJson(QJsonDocument::Compact);
    const bool failed = alert.kind == Alert::Kind::Failed;
    QJsonObject labels{{QStringLiteral("alertname"),
                        failed ? QStringLiteral("TidemarkBackupFailed") : QStringLiteral("TidemarkBackupOverdue")},
                       {QStringLiteral("severity"), failed ? QStringLiteral("critical") : QStringLiteral("warning")}};
    // Alertmanager drops labels with an empty value; so does the body.
    for (const auto &[name, value] :
         {std::pair{QStringLiteral("node"), alert.node}, std::pair{QStringLiteral("schedule"), alert.schedule},
          std::pair{QStringLiteral("chain"), alert.chain}, std::pair{QStringLiteral("job"), alert.job}})
        if (!value.isEmpty())
            labels.insert(name, value);
    const QDateTime startsAt = alert.time.isValid() ? alert.time : QDateTime::currentDateTimeUtc();
    const QJsonObject one{{QStringLiteral("labels"), labels},
                          {QStringLiteral("annotations"), QJsonObject{{QStringLiteral("summary"), alert.title()},
                                                                      {QStringLiteral("description"), alert.text()}}},
                          {QStringLiteral("startsAt"), startsAt.toUTC().toString(Qt::ISODate)}};
    return QJsonDocument(QJsonArray{one}).toJson(QJsonDocument::Compact);
}

Status Webhook::post(const QUrl &url, const Alert &alert, Format format, const Options &options)
{
    const QString shown = displayUrl(url);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return makeError(ErrorCode::Config, tr("Webhook '%1' is not an http:// or https:// URL").arg(shown),
                         tr("Give the webhook's full URL, e.g. https://hooks.example/services/…"));
    const QByteArray payload = body(alert, format);
    const int tries = std::max(1, options.tries);
    int wait = std::max(0, options.firstWaitMs);
    QNetworkAccessManager manager;
    Outcome last;
    for (int attempt = 1; attempt <= tries; ++attempt) {
        if (attempt > 1) {
            pause(wait);
            wait *= 2;
        }
        last = postOnce(manager, url, payload, options.timeoutMs);
        if (!last.timedOut && last.status >= 200 && last.status < 300)
            return {};
        if (!last.retry) {
            const bool auth = last.status == 401 || last.status == 403;
            const QString why = last.status > 0 ? tr("HTTP %1 %2").arg(last.status).arg(last.reason).trimmed()
                                                : withoutSecrets(last.errorString, url, shown);
            return makeError(auth ? ErrorCode::Auth : (last.status > 0 ? ErrorCode::Config : ErrorCode::Connection),
                             tr("Webhook %1 refused the alert: %2").arg(shown, why),
                             auth ? tr("Check the webhook's token or credentials.")
                                  : tr("Check the webhook's URL; such an answer is not retried."));
        }
    }
    QString why;
    if (last.timedOut)
        why = tr("no answer within %1 ms").arg(options.timeoutMs);
    else if (last.status > 0)
        why = tr("HTTP %1 %2").arg(last.status).arg(last.reason).trimmed();
    else
        why = withoutSecrets(last.errorString, url, shown);
    return makeError(ErrorCode::Connection,
                     tr("Webhook %1 not delivered after %n tries: %2", nullptr, tries).arg(shown, why),
                     tr("Check that the webhook's service is up and can be reached from this machine."));
}

} // namespace tidemark
