#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace tidemark {

/// One parsed HTTP/1.x request.
struct HttpRequest {
    QByteArray method;
    QByteArray path; ///< Percent-decoded path without the query, e.g. "/write".
    /// Decoded query string parameters (and, for form posts, the body's), in order.
    QList<QPair<QString, QString>> params;
    int minorVersion = 1;                         ///< HTTP/1.<minorVersion>.
    QList<QPair<QByteArray, QByteArray>> headers; ///< Names lower-cased, in arrival order.
    QByteArray body;                              ///< De-chunked.

    /// The first header named `name` (lower case), or an empty array.
    [[nodiscard]] QByteArray header(QByteArrayView name) const;
    /// The first parameter named `name`, or a null string when absent.
    [[nodiscard]] QString param(QStringView name) const;
    /// Appends the parameters of `a=1&b=2` (`+` is a space, `%XX` decoded as UTF-8).
    void addParams(QByteArrayView encoded);
    /// Whether the connection stays open after the response (HTTP/1.1 default, `Connection`).
    [[nodiscard]] bool keepAlive() const;
};

/// An incremental HTTP/1.x request parser that never touches a socket: feed it bytes as they
/// arrive, in any split, and it says when a request is complete or the bytes are bad.
///
/// Limits: request line and headers together at most 64 KiB and 100 headers; bodies (with
/// `Content-Length` or chunked) at most `maxBodyBytes`, else 413 before the body is read.
/// Errors carry the HTTP status to answer with (400, 413, 501, 505) and close the connection.
class HttpRequestParser {
public:
    enum class State { Head, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailer, Complete, Failed };

    static constexpr qsizetype kMaxHeadBytes = 64 * 1024;
    static constexpr int kMaxHeaders = 100;

    explicit HttpRequestParser(qint64 maxBodyBytes) : m_maxBody(maxBodyBytes) {}

    /// Consumes bytes from the front of `buffer` until a request is complete, the input is bad,
    /// or `buffer` is empty. Bytes after a complete request stay in `buffer` (pipelining).
    void feed(QByteArray &buffer);

    [[nodiscard]] State state() const { return m_state; }
    /// True once the head is parsed and the client sent `Expect: 100-continue`.
    [[nodiscard]] bool expectsContinue() const { return m_expectContinue; }
    /// The status to answer a Failed request with.
    [[nodiscard]] int errorStatus() const { return m_errorStatus; }
    [[nodiscard]] const QString &errorMessage() const { return m_errorMessage; }

    /// The complete request; resets the parser for the next one.
    [[nodiscard]] HttpRequest takeRequest();

private:
    void fail(int status, const QString &message);
    void parseHead(QByteArrayView head);
    [[nodiscard]] bool takeLine(QByteArray &buffer, QByteArray *line);

    qint64 m_maxBody;
    State m_state = State::Head;
    HttpRequest m_request;
    qint64 m_remaining = 0;
    bool m_expectContinue = false;
    int m_errorStatus = 0;
    QString m_errorMessage;
};

} // namespace tidemark
