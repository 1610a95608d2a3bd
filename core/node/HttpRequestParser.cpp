#include "node/HttpRequestParser.h"

#include <charconv>

namespace tidemark {

namespace {

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 32 || u >= 127 || QByteArrayView("()<>@,;:\\\"/[]?={}").contains(c))
            return false;
    }
    return true;
}

} // namespace

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key == name)
            return value;
    }
    return {};
}

QString HttpRequest::param(QStringView name) const
{
    for (const auto &[key, value] : params) {
        if (key == name)
            return value;
    }
    return {};
}

void HttpRequest::addParams(QByteArrayView encoded)
{
    const auto decode = [](QByteArrayView part) {
        QByteArray bytes = part.toByteArray();
        bytes.replace('+', ' ');
        return QString::fromUtf8(QByteArray::fromPercentEncoding(bytes));
    };
    for (const QByteArray &item : encoded.toByteArray().split('&')) {
        if (item.isEmpty())
            continue;
        const qsizetype eq = item.indexOf('=');
        params.append({decode(eq < 0 ? item : item.left(eq)), eq < 0 ? QStringLiteral("") : decode(item.mid(eq + 1))});
    }
}

bool HttpRequest::keepAlive() const
{
    const QByteArray connection = header("connection").toLower();
    if (minorVersion == 0)
        return connection.contains("keep-alive");
    return !connection.contains("close");
}

void HttpRequestParser::fail(int status, const QString &message)
{
    m_state = State::Failed;
    m_errorStatus = status;
    m_errorMessage = message;
}

bool HttpRequestParser::takeLine(QByteArray &buffer, QByteArray *line)
{
    const qsizetype end = buffer.indexOf('\n');
    if (end < 0) {
        if (buffer.size() > 1024)
            fail(400, QStringLiteral("chunk line too long"));
        return false;
    }
    *line = buffer.left(end);
    if (line->endsWith('\r'))
        line->chop(1);
    buffer.remove(0, end + 1);
    return true;
}

void HttpRequestParser::parseHead(QByteArrayView head)
{
    QList<QByteArrayView> lines;
    qsizetype start = 0;
    while (start <= head.size()) {
        qsizetype end = head.indexOf('\n', start);
        if (end < 0)
            end = head.size();
        QByteArrayView line = head.sliced(start, end - start);
        if (line.endsWith('\r'))
            line.chop(1);
        lines.append(line);
        start = end + 1;
    }
    const QList<QByteArray> parts = lines.value(0).toByteArray().split(' ');
    if (parts.size() != 3 || !isToken(parts[0]) || parts[1].isEmpty())
        return fail(400, QStringLiteral("malformed request line"));
    for (char c : parts[1]) {
        if (static_cast<unsigned char>(c) <= 32 || c == 127)
            return fail(400, QStringLiteral("control character in request target"));
    }
    if (parts[2] != "HTTP/1.1" && parts[2] != "HTTP/1.0")
        return fail(505, QStringLiteral("only HTTP/1.0 and HTTP/1.1 are supported"));
    m_request.method = parts[0];
    m_request.minorVersion = parts[2] == "HTTP/1.1" ? 1 : 0;
    const QByteArray &target = parts[1];
    const qsizetype q = target.indexOf('?');
    m_request.path = QByteArray::fromPercentEncoding(q < 0 ? target : target.left(q));
    if (!m_request.path.startsWith('/'))
        return fail(400, QStringLiteral("request target must be a path"));
    if (q >= 0)
        m_request.addParams(QByteArrayView(target).sliced(q + 1));

    if (lines.size() - 1 > kMaxHeaders)
        return fail(431, QStringLiteral("too many headers"));
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArrayView line = lines[i];
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon)))
            return fail(400, QStringLiteral("malformed header line %1").arg(i + 1));
        m_request.headers.append(
            {line.first(colon).toByteArray().toLower(), line.sliced(colon + 1).trimmed().toByteArray()});
    }

    const QByteArray transferEncoding = m_request.header("transfer-encoding").toLower();
    const QByteArray contentLength = m_request.header("content-length");
    m_expectContinue = m_request.header("expect").toLower() == "100-continue";
    if (!transferEncoding.isEmpty()) {
        if (transferEncoding != "chunked")
            return fail(
                501,
                QStringLiteral("transfer encoding '%1' is not supported").arg(QString::fromLatin1(transferEncoding)));
        if (!contentLength.isEmpty())
            return fail(400, QStringLiteral("both Content-Length and Transfer-Encoding given"));
        m_state = State::ChunkSize;
        return;
    }
    if (contentLength.isEmpty()) {
        m_state = State::Complete;
        return;
    }
    qint64 length = -1;
    const auto [ptr, ec] = std::from_chars(contentLength.constBegin(), contentLength.constEnd(), length);
    if (ec != std::errc() || ptr != contentLength.constEnd() || length < 0)
        return fail(400, QStringLiteral("invalid Content-Length"));
    if (length > m_maxBody)
        return fail(413, QStringLiteral("request entity too large"));
    m_remaining = length;
    m_request.body.reserve(static_cast<qsizetype>(length));
    m_state = length == 0 ? State::Complete : State::Body;
}

void HttpRequestParser::feed(QByteArray &buffer)
{
    while (!buffer.isEmpty() && m_state != State::Complete && m_state != State::Failed) {
        switch (m_state) {
        case State::Head: {
            // Tolerate empty lines before a request (RFC 9112 2.2).
            while (buffer.startsWith("\r\n") || buffer.startsWith('\n'))
                buffer.remove(0, buffer.startsWith('\n') ? 1 : 2);
            // A method is upper-case letters: anything else (a TLS hello, binary junk) is refused
            // at once instead of waiting for a blank line that never comes.
            if (!buffer.isEmpty() && !(buffer[0] >= 'A' && buffer[0] <= 'Z') && buffer != "\r")
                return fail(400, QStringLiteral("not an HTTP request"));
            qsizetype end = buffer.indexOf("\r\n\r\n");
            qsizetype sepLen = 4;
            if (const qsizetype bare = buffer.indexOf("\n\n"); bare >= 0 && (end < 0 || bare < end)) {
                end = bare;
                sepLen = 2;
            }
            if (end < 0) {
                if (buffer.size() > kMaxHeadBytes)
                    fail(431, QStringLiteral("request head larger than 64 KiB"));
                return;
            }
            if (end > kMaxHeadBytes)
                return fail(431, QStringLiteral("request head larger than 64 KiB"));
            const QByteArray head = buffer.left(end);
            buffer.remove(0, end + sepLen);
            parseHead(head);
            break;
        }
        case State::Body: {
            const qsizetype n = static_cast<qsizetype>(std::min<qint64>(m_remaining, buffer.size()));
            m_request.body.append(buffer.constData(), n);
            buffer.remove(0, n);
            m_remaining -= n;
            if (m_remaining == 0)
                m_state = State::Complete;
            break;
        }
        case State::ChunkSize: {
            QByteArray line;
            if (!takeLine(buffer, &line))
                return;
            const qsizetype semicolon = line.indexOf(';'); // Chunk extensions are ignored.
            const QByteArray hex = (semicolon < 0 ? line : line.left(semicolon)).trimmed();
            qint64 size = -1;
            const auto [ptr, ec] = std::from_chars(hex.constBegin(), hex.constEnd(), size, 16);
            if (hex.isEmpty() || ec != std::errc() || ptr != hex.constEnd() || size < 0)
                return fail(400, QStringLiteral("invalid chunk size"));
            if (size > m_maxBody - m_request.body.size())
                return fail(413, QStringLiteral("request entity too large"));
            m_remaining = size;
            m_state = size == 0 ? State::Trailer : State::ChunkData;
            break;
        }
        case State::ChunkData: {
            const qsizetype n = static_cast<qsizetype>(std::min<qint64>(m_remaining, buffer.size()));
            m_request.body.append(buffer.constData(), n);
            buffer.remove(0, n);
            m_remaining -= n;
            if (m_remaining == 0)
                m_state = State::ChunkDataEnd;
            break;
        }
        case State::ChunkDataEnd: {
            QByteArray line;
            if (!takeLine(buffer, &line))
                return;
            if (!line.isEmpty())
                return fail(400, QStringLiteral("chunk data longer than its size"));
            m_state = State::ChunkSize;
            break;
        }
        case State::Trailer: {
            QByteArray line;
            if (!takeLine(buffer, &line))
                return;
            if (line.isEmpty())
                m_state = State::Complete;
            break;
        }
        case State::Complete:
        case State::Failed:
            return;
        }
    }
}

HttpRequest HttpRequestParser::takeRequest()
{
    HttpRequest request = std::move(m_request);
    m_request = HttpRequest{};
    m_state = State::Head;
    m_remaining = 0;
    m_expectContinue = false;
    // Form posts carry the query parameters in the body (e.g. /query with q=...).
    if (request.header("content-type").startsWith("application/x-www-form-urlencoded"))
        request.addParams(request.body);
    return request;
}

} // namespace tidemark
