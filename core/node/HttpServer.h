#pragma once

#include "common/Error.h"
#include "config/NodeConfig.h"
#include "node/HttpRequestParser.h"

#include <QObject>
#include <QTcpServer>

#include <functional>

namespace tidemark {

struct HttpResponse {
    int status = 200;
    QByteArray contentType; ///< Empty for no body.
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    /// A JSON answer, e.g. `{"error":"..."}`.
    [[nodiscard]] static HttpResponse json(int status, const QByteArray &body);
    /// `{"error": message}` with `status`.
    [[nodiscard]] static HttpResponse error(int status, const QString &message);
};

/// A small HTTP/1.1 server on QTcpServer: keep-alive, pipelining, chunked request bodies,
/// `Expect: 100-continue`, a body limit answered with 413 before the body is read, an idle
/// timeout and a whole-request deadline so a silent or slow client cannot hold a connection.
///
/// Requests are handled one at a time on the thread that owns the server, by one handler.
class HttpServer : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY(HttpServer)

public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;

    explicit HttpServer(Handler handler, qint64 maxBodyBytes, QObject *parent = nullptr);

    /// Starts listening; port 0 picks a free port (see serverPort()).
    [[nodiscard]] Status listen(const HostPort &address);
    [[nodiscard]] quint16 serverPort() const { return m_server.serverPort(); }
    /// Extra headers added to every response (e.g. X-Influxdb-Version).
    void setCommonHeaders(QList<QPair<QByteArray, QByteArray>> headers) { m_commonHeaders = std::move(headers); }
    void setTimeouts(int idleMs, int requestMs);

private:
    void acceptConnections();

    QTcpServer m_server;
    Handler m_handler;
    qint64 m_maxBody;
    int m_idleMs = 60000;
    int m_requestMs = 300000;
    QList<QPair<QByteArray, QByteArray>> m_commonHeaders;
};

/// The text after the status code, e.g. "No Content" for 204.
[[nodiscard]] QByteArray httpReasonPhrase(int status);

} // namespace tidemark
