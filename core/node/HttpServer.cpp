#include "node/HttpServer.h"

#include "common/Log.h"

#include <QDateTime>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>

namespace tidemark {

namespace {

// One client connection: feeds the parser, answers requests in order, enforces the timeouts.
class HttpConnection : public QObject {
public:
    HttpConnection(QTcpSocket *socket, const HttpServer::Handler &handler, qint64 maxBody, int idleMs, int requestMs,
                   int headMs, const QList<QPair<QByteArray, QByteArray>> &commonHeaders)
        : QObject(socket), m_socket(socket), m_handler(handler), m_parser(maxBody), m_commonHeaders(commonHeaders),
          m_requestMs(requestMs), m_headMs(headMs)
    {
        m_idle.setSingleShot(true);
        m_idle.setInterval(idleMs);
        m_deadline.setSingleShot(true);
        connect(&m_idle, &QTimer::timeout, this, [this] { closeSilently("idle timeout"); });
        connect(&m_deadline, &QTimer::timeout, this, [this] { closeSilently("request deadline"); });
        m_headDeadline.setSingleShot(true);
        connect(&m_headDeadline, &QTimer::timeout, this, [this] { closeSilently("header deadline"); });
        connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::readAvailable);
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        m_idle.start();
    }

private:
    void closeSilently(const char *why)
    {
        qCDebug(lcHttp) << "closing connection from" << m_socket->peerAddress().toString() << why;
        m_socket->abort();
        m_socket->deleteLater();
    }

    // After an error answered before the request was read (413, 400), closing at once would make
    // the kernel reset the connection while the client still sends, and the client would never
    // read the answer. So: stop sending (half-close) once the answer is out, discard what still
    // arrives for a bounded time and amount, then close.
    void lingerAndClose()
    {
        m_lingering = true;
        m_deadline.stop();
        m_headDeadline.stop();
        m_idle.setInterval(kLingerMs);
        m_idle.start();
        const auto halfClose = [this] {
            if (m_socket->bytesToWrite() == 0 && m_socket->state() == QAbstractSocket::ConnectedState)
                ::shutdown(static_cast<int>(m_socket->socketDescriptor()), SHUT_WR);
        };
        connect(m_socket, &QTcpSocket::bytesWritten, this, halfClose);
        m_socket->flush();
        halfClose();
    }

    void readAvailable()
    {
        if (m_lingering) {
            m_discarded += m_socket->skip(m_socket->bytesAvailable());
            if (m_discarded > kLingerMaxBytes)
                closeSilently("discarded enough after an error");
            return;
        }
        m_idle.start();
        m_buffer.append(m_socket->readAll());
        while (!m_buffer.isEmpty() && m_socket->state() == QAbstractSocket::ConnectedState) {
            // The head has its own, shorter deadline: a client that trickles header bytes (slowloris)
            // is closed after m_headMs however often it sends one, the body gets the rest.
            if (!m_deadline.isActive()) {
                m_deadline.start(m_requestMs);
                m_headDeadline.start(m_headMs);
            }
            m_parser.feed(m_buffer);
            if (m_parser.state() != HttpRequestParser::State::Head)
                m_headDeadline.stop();
            if (m_parser.state() == HttpRequestParser::State::Failed) {
                send(HttpResponse::error(m_parser.errorStatus(), m_parser.errorMessage()), false, false);
                lingerAndClose();
                return;
            }
            if (m_parser.state() != HttpRequestParser::State::Complete) {
                if (m_parser.expectsContinue() && !m_continueSent) {
                    m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
                    m_continueSent = true;
                }
                return;
            }
            m_deadline.stop();
            m_headDeadline.stop();
            m_continueSent = false;
            const HttpRequest request = m_parser.takeRequest();
            const HttpResponse response = m_handler(request);
            send(response, request.keepAlive(), request.method == "HEAD");
            if (!request.keepAlive())
                return;
        }
    }

    void send(const HttpResponse &response, bool keepAlive, bool headOnly)
    {
        QByteArray out =
            "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + httpReasonPhrase(response.status) + "\r\n";
        const auto header = [&out](const QByteArray &name, const QByteArray &value) {
            out += name + ": " + value + "\r\n";
        };
        for (const auto &[name, value] : m_commonHeaders)
            header(name, value);
        for (const auto &[name, value] : response.headers)
            header(name, value);
        header("Date",
               QLocale::c().toString(QDateTime::currentDateTimeUtc(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'").toLatin1());
        const bool hasBody = response.status != 204 && response.status != 304 && response.status >= 200;
        if (hasBody) {
            if (!response.contentType.isEmpty())
                header("Content-Type", response.contentType);
            header("Content-Length", QByteArray::number(response.body.size()));
        }
        if (!keepAlive)
            header("Connection", "close");
        out += "\r\n";
        if (hasBody && !headOnly)
            out += response.body;
        m_socket->write(out);
        if (!keepAlive && !m_lingering && m_parser.state() != HttpRequestParser::State::Failed)
            m_socket->disconnectFromHost();
    }

    QTcpSocket *m_socket;
    const HttpServer::Handler &m_handler;
    HttpRequestParser m_parser;
    QList<QPair<QByteArray, QByteArray>> m_commonHeaders;
    QByteArray m_buffer;
    QTimer m_idle;
    QTimer m_deadline;
    QTimer m_headDeadline;
    int m_requestMs;
    int m_headMs;
    bool m_continueSent = false;
    bool m_lingering = false;
    qint64 m_discarded = 0;
    static constexpr int kLingerMs = 5000;
    static constexpr qint64 kLingerMaxBytes = 64LL << 20;
};

} // namespace

HttpResponse HttpResponse::json(int status, const QByteArray &body)
{
    return HttpResponse{status, "application/json", body, {}};
}

HttpResponse HttpResponse::error(int status, const QString &message)
{
    return json(status,
                QJsonDocument(QJsonObject{{QStringLiteral("error"), message}}).toJson(QJsonDocument::Compact) + '\n');
}

QByteArray httpReasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 413:
        return "Request Entity Too Large";
    case 415:
        return "Unsupported Media Type";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Status";
    }
}

HttpServer::HttpServer(Handler handler, qint64 maxBodyBytes, QObject *parent)
    : QObject(parent), m_handler(std::move(handler)), m_maxBody(maxBodyBytes)
{
    connect(&m_server, &QTcpServer::newConnection, this, &HttpServer::acceptConnections);
}

void HttpServer::setTimeouts(int idleMs, int requestMs, int headMs)
{
    m_idleMs = idleMs;
    m_requestMs = requestMs;
    m_headMs = headMs;
}

Status HttpServer::listen(const HostPort &address)
{
    const QHostAddress host = address.host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0
                                  ? QHostAddress(QHostAddress::LocalHost)
                                  : QHostAddress(address.host);
    if (host.isNull())
        return makeError(ErrorCode::Config, tr("HTTP bind address '%1' is not an IP address").arg(address.toString()));
    if (!m_server.listen(host, address.port))
        return makeError(ErrorCode::Connection,
                         tr("Cannot listen for HTTP on %1: %2").arg(address.toString(), m_server.errorString()),
                         tr("Another program may use the port; change [http] bind-address."));
    return {};
}

void HttpServer::acceptConnections()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection())
        new HttpConnection(socket, m_handler, m_maxBody, m_idleMs, m_requestMs, m_headMs, m_commonHeaders);
}

} // namespace tidemark
