#include "FakeS3.h"

#include "LoopbackServerThread.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QMap>
#include <QMutex>
#include <QMutexLocker>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>
#include <QXmlStreamReader>

#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

namespace tidemark::test {

namespace {

constexpr qint64 kMinPartSize = 5 * 1024 * 1024; // S3's, for every part but the last.

QByteArray md5Hex(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Md5).toHex();
}

QByteArray quoted(const QByteArray &value)
{
    return '"' + value + '"';
}

QByteArray xml(const QString &text)
{
    return text.toHtmlEscaped().toUtf8();
}

QByteArray isoTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs).toLatin1();
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 206:
        return "Partial Content";
    case 301:
        return "Moved Permanently";
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 412:
        return "Precondition Failed";
    case 416:
        return "Requested Range Not Satisfiable";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

// The <Message> S3 gives with a code (close enough; tests check codes, not these words).
QString messageFor(const QByteArray &code)
{
    static const QHash<QByteArray, QString> messages{
        {"SlowDown", QStringLiteral("Please reduce your request rate.")},
        {"InternalError", QStringLiteral("We encountered an internal error. Please try again.")},
        {"InvalidAccessKeyId", QStringLiteral("The AWS Access Key Id you provided does not exist in our records.")},
        {"SignatureDoesNotMatch", QStringLiteral("The request signature we calculated does not match the signature "
                                                 "you provided. Check your key and signing method.")},
        {"AccessDenied", QStringLiteral("Access Denied")},
        {"RequestTimeTooSkewed",
         QStringLiteral("The difference between the request time and the current time is too large.")},
        {"NoSuchBucket", QStringLiteral("The specified bucket does not exist")},
        {"NoSuchKey", QStringLiteral("The specified key does not exist.")},
        {"NoSuchUpload", QStringLiteral("The specified upload does not exist.")},
        {"BadDigest", QStringLiteral("The Content-MD5 you specified did not match what we received.")},
        {"AuthorizationHeaderMalformed", QStringLiteral("The authorization header is malformed; the region is wrong.")},
    };
    return messages.value(code, QString::fromLatin1(code));
}

struct Reply {
    int status = 200;
    FakeS3::Headers headers;
    QByteArray body;
    qint64 headLength = -1; // A HEAD's Content-Length (the object's size); no body goes out.
};

Reply errorReply(int status, const QByteArray &code, const FakeS3::Request &request, const QString &message = {})
{
    Reply reply;
    reply.status = status;
    reply.headers.emplaceBack("Content-Type", "application/xml");
    reply.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" +
                 xml(message.isEmpty() ? messageFor(code) : message) + "</Message><Resource>" +
                 xml(QString::fromLatin1(request.path)) + "</Resource><RequestId>fake</RequestId></Error>";
    return reply;
}

Reply xmlReply(const QByteArray &body)
{
    Reply reply;
    reply.headers.emplaceBack("Content-Type", "application/xml");
    reply.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body;
    return reply;
}

struct Object {
    QByteArray data;
    QByteArray etag; // Quoted.
    QDateTime modified;
};

struct Part {
    QByteArray data;
    QByteArray etag; // Quoted.
};

struct Upload {
    QString bucket;
    QString key;
    QDateTime initiated;
    QMap<int, Part> parts;
};

struct Rule {
    enum class Kind { Fail, Cut, Stall };
    Kind kind = Kind::Fail;
    QByteArray method;
    QString pattern;
    int remaining = 1; // -1: no end.
    int status = 0;
    QByteArray code;
    FakeS3::Headers headers;
    FakeS3::Cut where = FakeS3::Cut::RequestBody;
    qint64 afterBytes = 0;

    bool matches(const FakeS3::Request &request) const
    {
        return (method.isEmpty() || method == request.method) &&
               (pattern.isEmpty() || request.target().contains(pattern));
    }
};

// One client connection; lives as long as its socket (the socket's slots hold it).
struct Connection {
    QPointer<QTcpSocket> socket;
    QByteArray buffer;
    bool haveHead = false;
    qint64 contentLength = 0;
    FakeS3::Request request;
    std::optional<Rule> rule; // The fault this request took, if any.
    bool stalled = false;     // An answer stalled: nothing more is read or sent.
};

} // namespace

bool FakeS3::Request::has(const QString &name) const
{
    return std::any_of(params.begin(), params.end(), [&](const auto &p) { return p.first == name; });
}

QString FakeS3::Request::param(const QString &name) const
{
    for (const auto &[n, value] : params) {
        if (n == name)
            return value;
    }
    return {};
}

QString FakeS3::Request::target() const
{
    return QString::fromLatin1(query.isEmpty() ? path : path + '?' + query);
}

bool FakeS3::Request::isUploadPart() const
{
    return method == "PUT" && has(QStringLiteral("partNumber")) && has(QStringLiteral("uploadId"));
}

class FakeS3::Server {
public:
    void accept();
    void readable(const std::shared_ptr<Connection> &connection);
    // Parses the request line and headers; false when they are not all there yet.
    bool parseHead(Connection &connection);
    void answer(Connection &connection, const QByteArray &body);
    void send(Connection &connection, const Reply &reply);

    // The S3 calls; with m_mutex held.
    Reply handle(Request &request, const QByteArray &body);
    Reply listObjects(const Request &request);
    Reply listUploads(const Request &request);
    Reply putObject(const Request &request, const QByteArray &body);
    Reply getObject(const Request &request);
    Reply uploadPart(Request &request, const QByteArray &body);
    Reply completeUpload(const Request &request, const QByteArray &body);
    // A 400 BadDigest (or InvalidDigest) when the request's Content-MD5 is not the body's.
    std::optional<Reply> checkDigest(const Request &request, const QByteArray &body);

    LoopbackServerThread m_loopback; // Its context is the parent of every socket.

    mutable QMutex m_mutex; // Guards everything below.
    QHash<QString, QMap<QString, Object>> m_buckets;
    QMap<QString, Upload> m_uploads; // By upload id.
    int m_nextUpload = 0;
    std::vector<Rule> m_rules;
    int m_wrongEtags = 0;
    QList<Request> m_log;
};

void FakeS3::Server::accept()
{
    while (m_loopback.server()->hasPendingConnections()) {
        QTcpSocket *socket = m_loopback.server()->nextPendingConnection();
        socket->setParent(m_loopback.context());
        auto connection = std::make_shared<Connection>();
        connection->socket = socket;
        QObject::connect(socket, &QTcpSocket::readyRead, m_loopback.context(),
                         [this, connection] { readable(connection); });
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

bool FakeS3::Server::parseHead(Connection &c)
{
    const qsizetype end = c.buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    const QList<QByteArray> lines = c.buffer.left(end).split('\n');
    c.buffer.remove(0, end + 4);
    Request request;
    const QList<QByteArray> first = lines.front().trimmed().split(' ');
    request.method = first.value(0);
    const QByteArray target = first.value(1);
    const qsizetype question = target.indexOf('?');
    request.path = question < 0 ? target : target.left(question);
    request.query = question < 0 ? QByteArray() : target.mid(question + 1);
    for (const QByteArray &pair : request.query.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        request.params.append({QUrl::fromPercentEncoding(eq < 0 ? pair : pair.left(eq)),
                               eq < 0 ? QString() : QUrl::fromPercentEncoding(pair.mid(eq + 1))});
    }
    const QByteArray rest = request.path.mid(1);
    const qsizetype slash = rest.indexOf('/');
    request.bucket = QUrl::fromPercentEncoding(slash < 0 ? rest : rest.left(slash));
    request.key = slash < 0 ? QString() : QUrl::fromPercentEncoding(rest.mid(slash + 1));
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            request.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
    }
    c.request = request;
    c.contentLength = request.headers.value("content-length").toLongLong();
    c.haveHead = true;
    c.rule.reset();
    QMutexLocker locker(&m_mutex);
    for (auto it = m_rules.begin(); it != m_rules.end(); ++it) {
        if (!it->matches(c.request))
            continue;
        c.rule = *it;
        if (it->remaining > 0 && --it->remaining == 0)
            m_rules.erase(it);
        break;
    }
    return true;
}

void FakeS3::Server::readable(const std::shared_ptr<Connection> &connection)
{
    Connection &c = *connection;
    if (!c.socket || c.stalled)
        return;
    c.buffer += c.socket->readAll();
    for (;;) {
        if (!c.haveHead) {
            if (!parseHead(c))
                return;
            if (c.request.headers.contains("transfer-encoding")) {
                send(c,
                     errorReply(501, "NotImplemented", c.request, QStringLiteral("FakeS3 takes no chunked bodies.")));
                c.socket->disconnectFromHost();
                return;
            }
            if (c.request.headers.value("expect").toLower() == "100-continue")
                c.socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        }
        if (c.rule && c.rule->kind == Rule::Kind::Cut && c.rule->where == Cut::RequestBody &&
            c.buffer.size() >= std::min(c.rule->afterBytes, c.contentLength)) {
            c.request.bodyBytes = std::min<qint64>(c.buffer.size(), c.rule->afterBytes);
            c.request.fault = "cut-request";
            {
                QMutexLocker locker(&m_mutex);
                m_log.append(c.request);
            }
            c.socket->abort(); // Its disconnected() deletes it later.
            return;
        }
        if (c.buffer.size() < c.contentLength)
            return;
        const QByteArray body = c.buffer.left(c.contentLength);
        c.buffer.remove(0, c.contentLength);
        answer(c, body);
        c.haveHead = false;
        if (c.stalled || !c.socket || c.socket->state() != QAbstractSocket::ConnectedState)
            return;
    }
}

void FakeS3::Server::answer(Connection &c, const QByteArray &body)
{
    Request &request = c.request;
    request.bodyBytes = body.size();
    Reply reply;
    {
        QMutexLocker locker(&m_mutex);
        if (c.rule && c.rule->kind == Rule::Kind::Fail) {
            reply = errorReply(c.rule->status, c.rule->code, request);
            reply.headers += c.rule->headers;
            request.fault = "fail";
        } else {
            reply = handle(request, body);
        }
        if (c.rule && c.rule->kind == Rule::Kind::Cut)
            request.fault = "cut-response";
        if (c.rule && c.rule->kind == Rule::Kind::Stall)
            request.fault = "stall";
        request.status = reply.status;
        m_log.append(request);
    }
    send(c, reply);
}

void FakeS3::Server::send(Connection &c, const Reply &reply)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) + "\r\n";
    head += "x-amz-request-id: fake\r\n";
    head +=
        "Content-Length: " + QByteArray::number(reply.headLength >= 0 ? reply.headLength : reply.body.size()) + "\r\n";
    for (const auto &[name, value] : reply.headers)
        head += name + ": " + value + "\r\n";
    head += "\r\n";
    if (c.rule && c.rule->kind == Rule::Kind::Stall) {
        c.stalled = true;
        if (c.rule->afterBytes >= 0)
            c.socket->write(head + (c.request.method == "HEAD" ? QByteArray() : reply.body.left(c.rule->afterBytes)));
        return;
    }
    c.socket->write(head);
    if (c.request.method == "HEAD")
        return;
    if (c.rule && c.rule->kind == Rule::Kind::Cut && c.rule->where == Cut::ResponseBody) {
        c.socket->write(reply.body.left(c.rule->afterBytes));
        c.socket->disconnectFromHost(); // What was written still goes out; then the client sees the close.
        return;
    }
    c.socket->write(reply.body);
}

std::optional<Reply> FakeS3::Server::checkDigest(const Request &request, const QByteArray &body)
{
    if (!request.headers.contains("content-md5"))
        return std::nullopt;
    const auto decoded =
        QByteArray::fromBase64Encoding(request.headers.value("content-md5"), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() != 16)
        return errorReply(400, "InvalidDigest", request);
    if (decoded.decoded != QCryptographicHash::hash(body, QCryptographicHash::Md5))
        return errorReply(400, "BadDigest", request);
    return std::nullopt;
}

Reply FakeS3::Server::handle(Request &request, const QByteArray &body)
{
    if (!m_buckets.contains(request.bucket))
        return errorReply(404, "NoSuchBucket", request);
    const QByteArray &method = request.method;
    if (request.key.isEmpty()) {
        if (method == "GET" && request.has(QStringLiteral("uploads")))
            return listUploads(request);
        if (method == "GET" && request.param(QStringLiteral("list-type")) == QLatin1String("2"))
            return listObjects(request);
        return errorReply(501, "NotImplemented", request);
    }
    QMap<QString, Object> &objects = m_buckets[request.bucket];
    const QString uploadId = request.param(QStringLiteral("uploadId"));
    if (method == "POST" && request.has(QStringLiteral("uploads"))) {
        const QString id = QStringLiteral("upload-%1").arg(++m_nextUpload);
        m_uploads.insert(id, Upload{request.bucket, request.key, QDateTime::currentDateTimeUtc(), {}});
        return xmlReply("<InitiateMultipartUploadResult><Bucket>" + xml(request.bucket) + "</Bucket><Key>" +
                        xml(request.key) + "</Key><UploadId>" + xml(id) +
                        "</UploadId></InitiateMultipartUploadResult>");
    }
    if (!uploadId.isEmpty()) {
        const auto upload = m_uploads.find(uploadId);
        if (upload == m_uploads.end() || upload->bucket != request.bucket || upload->key != request.key)
            return errorReply(404, "NoSuchUpload", request);
        if (request.isUploadPart())
            return uploadPart(request, body);
        if (method == "POST")
            return completeUpload(request, body);
        if (method == "DELETE") {
            m_uploads.erase(upload);
            Reply reply;
            reply.status = 204;
            return reply;
        }
        return errorReply(501, "NotImplemented", request);
    }
    if (method == "PUT")
        return putObject(request, body);
    if (method == "GET" || method == "HEAD")
        return getObject(request);
    if (method == "DELETE") {
        objects.remove(request.key);
        Reply reply;
        reply.status = 204;
        return reply;
    }
    return errorReply(501, "NotImplemented", request);
}

Reply FakeS3::Server::listObjects(const Request &request)
{
    const QString prefix = request.param(QStringLiteral("prefix"));
    const QString after = request.param(QStringLiteral("continuation-token"));
    bool ok = false;
    int maxKeys = request.param(QStringLiteral("max-keys")).toInt(&ok);
    if (!ok || maxKeys <= 0 || maxKeys > 1000)
        maxKeys = 1000;
    const QMap<QString, Object> &objects = m_buckets[request.bucket];
    QByteArray contents;
    int n = 0;
    QString last;
    bool truncated = false;
    for (auto it = objects.lowerBound(after); it != objects.end(); ++it) {
        if (!it.key().startsWith(prefix) || it.key() == after)
            continue;
        if (n == maxKeys) {
            truncated = true;
            break;
        }
        contents += "<Contents><Key>" + xml(it.key()) + "</Key><LastModified>" + isoTime(it->modified) +
                    "</LastModified><ETag>" + xml(QString::fromLatin1(it->etag)) + "</ETag><Size>" +
                    QByteArray::number(it->data.size()) + "</Size><StorageClass>STANDARD</StorageClass></Contents>";
        last = it.key();
        ++n;
    }
    QByteArray body = "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>" +
                      xml(request.bucket) + "</Name><Prefix>" + xml(prefix) + "</Prefix><KeyCount>" +
                      QByteArray::number(n) + "</KeyCount><MaxKeys>" + QByteArray::number(maxKeys) +
                      "</MaxKeys><IsTruncated>" + (truncated ? "true" : "false") + "</IsTruncated>" + contents;
    if (truncated)
        body += "<NextContinuationToken>" + xml(last) + "</NextContinuationToken>";
    return xmlReply(body + "</ListBucketResult>");
}

Reply FakeS3::Server::listUploads(const Request &request)
{
    const QString prefix = request.param(QStringLiteral("prefix"));
    std::vector<std::pair<QString, QString>> found; // Key, upload id: S3's order.
    for (auto it = m_uploads.cbegin(); it != m_uploads.cend(); ++it) {
        if (it->bucket == request.bucket && it->key.startsWith(prefix))
            found.emplace_back(it->key, it.key());
    }
    std::sort(found.begin(), found.end());
    QByteArray body = "<ListMultipartUploadsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Bucket>" +
                      xml(request.bucket) + "</Bucket><Prefix>" + xml(prefix) +
                      "</Prefix><IsTruncated>false</IsTruncated>";
    for (const auto &[key, id] : found)
        body += "<Upload><Key>" + xml(key) + "</Key><UploadId>" + xml(id) + "</UploadId><Initiated>" +
                isoTime(m_uploads.value(id).initiated) + "</Initiated><StorageClass>STANDARD</StorageClass></Upload>";
    return xmlReply(body + "</ListMultipartUploadsResult>");
}

Reply FakeS3::Server::putObject(const Request &request, const QByteArray &body)
{
    if (auto refused = checkDigest(request, body))
        return *refused;
    Object &object = m_buckets[request.bucket][request.key];
    object = Object{body, quoted(md5Hex(body)), QDateTime::currentDateTimeUtc()};
    Reply reply;
    reply.headers.emplaceBack("ETag", object.etag);
    return reply;
}

Reply FakeS3::Server::getObject(const Request &request)
{
    const QMap<QString, Object> &objects = m_buckets[request.bucket];
    const auto it = objects.find(request.key);
    if (it == objects.end()) {
        Reply reply = errorReply(404, "NoSuchKey", request);
        if (request.method == "HEAD")
            reply.body.clear(); // S3 answers a HEAD with no body.
        return reply;
    }
    const Object &object = *it;
    const qint64 size = object.data.size();
    if (request.headers.contains("if-match") && request.headers.value("if-match") != object.etag)
        return errorReply(412, "PreconditionFailed", request);
    Reply reply;
    reply.headers.emplaceBack("ETag", object.etag);
    reply.headers.emplaceBack("Last-Modified", object.modified.toString(Qt::RFC2822Date).toLatin1());
    reply.headers.emplaceBack("Accept-Ranges", "bytes");
    qint64 from = 0;
    qint64 to = size - 1;
    if (request.method == "GET" && request.headers.contains("range")) {
        // bytes=FROM-[TO] or bytes=-SUFFIX.
        const QByteArray range = request.headers.value("range");
        const qsizetype dash = range.indexOf('-');
        if (!range.startsWith("bytes=") || dash < 0)
            return errorReply(400, "InvalidArgument", request, QStringLiteral("Bad Range header"));
        const QByteArray first = range.mid(6, dash - 6);
        const QByteArray last = range.mid(dash + 1);
        if (first.isEmpty()) {
            from = std::max<qint64>(0, size - last.toLongLong());
        } else {
            from = first.toLongLong();
            if (!last.isEmpty())
                to = std::min(to, last.toLongLong());
        }
        if (from >= size || from > to) {
            Reply invalid = errorReply(416, "InvalidRange", request);
            invalid.headers.emplaceBack("Content-Range", "bytes */" + QByteArray::number(size));
            return invalid;
        }
        reply.status = 206;
        reply.headers.emplaceBack("Content-Range", "bytes " + QByteArray::number(from) + '-' + QByteArray::number(to) +
                                                       '/' + QByteArray::number(size));
    }
    if (request.method == "HEAD")
        reply.headLength = size;
    else
        reply.body = object.data.mid(from, to - from + 1);
    return reply;
}

Reply FakeS3::Server::uploadPart(Request &request, const QByteArray &body)
{
    bool ok = false;
    const int number = request.param(QStringLiteral("partNumber")).toInt(&ok);
    if (!ok || number < 1 || number > 10000)
        return errorReply(400, "InvalidArgument", request, QStringLiteral("Part number must be 1 to 10000."));
    if (auto refused = checkDigest(request, body))
        return *refused;
    Part &part = m_uploads[request.param(QStringLiteral("uploadId"))].parts[number];
    part = Part{body, quoted(md5Hex(body))};
    Reply reply;
    if (m_wrongEtags != 0) {
        if (m_wrongEtags > 0)
            --m_wrongEtags;
        request.fault = "wrong-etag";
        reply.headers.emplaceBack("ETag", quoted(md5Hex(body + "changed on the way")));
    } else {
        reply.headers.emplaceBack("ETag", part.etag);
    }
    return reply;
}

Reply FakeS3::Server::completeUpload(const Request &request, const QByteArray &body)
{
    const QString id = request.param(QStringLiteral("uploadId"));
    const Upload &upload = m_uploads[id];
    QXmlStreamReader reader(body);
    std::vector<std::pair<int, QByteArray>> listed;
    int number = 0;
    QByteArray etag;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement() && reader.name() == QLatin1String("PartNumber"))
            number = reader.readElementText().toInt();
        else if (reader.isStartElement() && reader.name() == QLatin1String("ETag"))
            etag = reader.readElementText().toUtf8();
        else if (reader.isEndElement() && reader.name() == QLatin1String("Part"))
            listed.emplace_back(number, etag);
    }
    if (reader.hasError() || listed.empty())
        return errorReply(400, "MalformedXML", request);
    QByteArray data;
    QByteArray digests;
    for (size_t i = 0; i < listed.size(); ++i) {
        const auto &[n, tag] = listed[i];
        if (i > 0 && n <= listed[i - 1].first)
            return errorReply(400, "InvalidPartOrder", request);
        const auto part = upload.parts.find(n);
        if (part == upload.parts.end() || QByteArray(tag).replace('"', "") != QByteArray(part->etag).replace('"', ""))
            return errorReply(
                400, "InvalidPart", request,
                QStringLiteral("Part %1 was not uploaded or its ETag is not %2.").arg(n).arg(QString::fromLatin1(tag)));
        if (i + 1 < listed.size() && part->data.size() < kMinPartSize)
            return errorReply(400, "EntityTooSmall", request);
        data += part->data;
        digests += QByteArray::fromHex(QByteArray(part->etag).replace('"', ""));
    }
    const QByteArray objectEtag =
        quoted(md5Hex(digests) + '-' + QByteArray::number(static_cast<qint64>(listed.size())));
    m_buckets[request.bucket][request.key] = Object{data, objectEtag, QDateTime::currentDateTimeUtc()};
    m_uploads.remove(id);
    return xmlReply("<CompleteMultipartUploadResult><Bucket>" + xml(request.bucket) + "</Bucket><Key>" +
                    xml(request.key) + "</Key><ETag>" + xml(QString::fromLatin1(objectEtag)) +
                    "</ETag></CompleteMultipartUploadResult>");
}

FakeS3::FakeS3() : m_server(std::make_unique<Server>())
{
}

FakeS3::~FakeS3()
{
    m_server->m_loopback.stop();
}

bool FakeS3::start(QString *error)
{
    return m_server->m_loopback.start(
        QStringLiteral("FakeS3"), [this] { m_server->accept(); }, error);
}

quint16 FakeS3::port() const
{
    return m_server->m_loopback.port();
}

QString FakeS3::endpoint() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(port());
}

void FakeS3::createBucket(const QString &bucket)
{
    QMutexLocker locker(&m_server->m_mutex);
    m_server->m_buckets[bucket];
}

void FakeS3::putObject(const QString &bucket, const QString &key, const QByteArray &data)
{
    QMutexLocker locker(&m_server->m_mutex);
    m_server->m_buckets[bucket][key] = Object{data, quoted(md5Hex(data)), QDateTime::currentDateTimeUtc()};
}

std::optional<QByteArray> FakeS3::object(const QString &bucket, const QString &key) const
{
    QMutexLocker locker(&m_server->m_mutex);
    const QMap<QString, Object> objects = m_server->m_buckets.value(bucket);
    const auto it = objects.find(key);
    if (it == objects.end())
        return std::nullopt;
    return it->data;
}

QByteArray FakeS3::etag(const QString &bucket, const QString &key) const
{
    QMutexLocker locker(&m_server->m_mutex);
    return m_server->m_buckets.value(bucket).value(key).etag;
}

QStringList FakeS3::keys(const QString &bucket) const
{
    QMutexLocker locker(&m_server->m_mutex);
    return m_server->m_buckets.value(bucket).keys();
}

QStringList FakeS3::uploads(const QString &bucket) const
{
    QMutexLocker locker(&m_server->m_mutex);
    QStringList keys;
    for (const Upload &upload : std::as_const(m_server->m_uploads)) {
        if (upload.bucket == bucket)
            keys << upload.key;
    }
    keys.sort();
    return keys;
}

void FakeS3::failNext(const QByteArray &method, const QString &pattern, int count, int status, const QByteArray &s3Code,
                      const Headers &headers)
{
    Rule rule;
    rule.kind = Rule::Kind::Fail;
    rule.method = method;
    rule.pattern = pattern;
    rule.remaining = count;
    rule.status = status;
    rule.code = s3Code;
    rule.headers = headers;
    QMutexLocker locker(&m_server->m_mutex);
    m_server->m_rules.push_back(rule);
}

void FakeS3::cutNext(const QByteArray &method, const QString &pattern, Cut where, qint64 afterBytes, int count)
{
    Rule rule;
    rule.kind = Rule::Kind::Cut;
    rule.method = method;
    rule.pattern = pattern;
    rule.remaining = count;
    rule.where = where;
    rule.afterBytes = afterBytes;
    QMutexLocker locker(&m_server->m_mutex);
    m_server->m_rules.push_back(rule);
}

void FakeS3::stallNext(const QByteArray &method, const QString &pattern, qint64 afterBytes, int count)
{
    Rule rule;
    rule.kind = Rule::Kind::Stall;
    rule.method = method;
    rule.pattern = pattern;
    rule.remaining = count;
    rule.afterBytes = afterBytes;
    QMutexLocker locker(&m_server->m_mutex);
    m_server->m_rules.push_back(rule);
}

void FakeS3::wrongEtagNext(int count)
{
    QMutexLocker locker(&m_server->m_mutex);
    m_server->m_wrongEtags = count;
}

void FakeS3::refuseAll(int status, const QByteArray &s3Code, const Headers &headers)
{
    failNext({}, {}, -1, status, s3Code, headers);
}

void FakeS3::wrongRegion(const QString &region)
{
    refuseAll(400, "AuthorizationHeaderMalformed", {{"x-amz-bucket-region", region.toLatin1()}});
}

void FakeS3::clearFaults()
{
    QMutexLocker locker(&m_server->m_mutex);
    m_server->m_rules.clear();
    m_server->m_wrongEtags = 0;
}

QList<FakeS3::Request> FakeS3::log() const
{
    QMutexLocker locker(&m_server->m_mutex);
    return m_server->m_log;
}

QList<FakeS3::Request> FakeS3::requests(const QByteArray &method, const QString &pattern) const
{
    QList<Request> found;
    for (const Request &request : log()) {
        if ((method.isEmpty() || request.method == method) && request.target().contains(pattern))
            found << request;
    }
    return found;
}

int FakeS3::count(const QByteArray &method, const QString &pattern) const
{
    return static_cast<int>(requests(method, pattern).size());
}

void FakeS3::clearLog()
{
    QMutexLocker locker(&m_server->m_mutex);
    m_server->m_log.clear();
}

} // namespace tidemark::test
