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
/// `Expect: 100-continue`, a body limit answered with 413 before the body is read, a head limit
/// (HttpRequestParser: 64 KiB, 100 headers), an idle timeout, a deadline for the request line
/// and headers together and one for the whole request, so a silent or slow (slowloris) client
/// cannot hold a connection.
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
    /// Silence allowed between bytes (`idleMs`, default 60 s), time for a whole request from its
    /// first byte (`requestMs`, 300 s) and for its request line and headers (`headMs`, 30 s).
    void setTimeouts(int idleMs, int requestMs, int headMs = 30000);

private:
    void acceptConnections();

    QTcpServer m_server;
    Handler m_handler;
    qint64 m_maxBody;
    int m_idleMs = 60000;
    int m_requestMs = 300000;
    int m_headMs = 30000;
    QList<QPair<QByteArray, QByteArray>> m_commonHeaders;
};

/// The text after the status code, e.g. "No Content" for 204.
[[nodiscard]] QByteArray httpReasonPhrase(int status);

} // namespace tidemark
