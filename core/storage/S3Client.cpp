#include "storage/S3Client.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QUrl>
#include <QXmlStreamReader>

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <thread>

namespace tidemark {

namespace {

void globalInit()
{
    static std::once_flag once;
    std::call_once(once, [] {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        std::atexit([] { curl_global_cleanup(); });
    });
}

QByteArray encodeKey(const QString &key)
{
    return key.toUtf8().toPercentEncoding("/");
}

struct HeaderSink {
    long status = 0;
    QHash<QByteArray, QByteArray> headers;
};

size_t onHeader(char *data, size_t size, size_t count, void *user)
{
    auto *sink = static_cast<HeaderSink *>(user);
    const QByteArray line = QByteArray(data, static_cast<qsizetype>(size * count)).trimmed();
    if (line.startsWith("HTTP/")) {
        sink->headers.clear();
        const QList<QByteArray> parts = line.split(' ');
        sink->status = parts.size() > 1 ? parts[1].toLong() : 0;
    } else if (const qsizetype colon = line.indexOf(':'); colon > 0) {
        sink->headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    return size * count;
}

size_t onBody(char *data, size_t size, size_t count, void *user)
{
    auto *body = static_cast<QByteArray *>(user);
    if (body->size() > 16 * 1024 * 1024) // An answer to a call, never data: bounded.
        return 0;
    body->append(data, static_cast<qsizetype>(size * count));
    return size * count;
}

// The text of an element of an XML body, for answers with one value that matters.
QString xmlValue(const QByteArray &body, QLatin1String name)
{
    QXmlStreamReader xml(body);
    while (!xml.atEnd() && !xml.hasError()) {
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == name)
            return xml.readElementText();
    }
    return {};
}

bool curlRetryable(CURLcode code)
{
    switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_WEIRD_SERVER_REPLY:
        return true;
    default:
        return false;
    }
}

} // namespace

namespace s3 {

bool isRetryable(long status, const QByteArray &code)
{
    if (code == "SlowDown" || code == "RequestTimeout" || code == "InternalError" || code == "ServiceUnavailable" ||
        code == "BadDigest" || code == "OperationAborted" || code == "RequestTimeoutException")
        return true;
    return status == 500 || status == 502 || status == 503 || status == 504 || status == 429 || status == 408;
}

std::pair<QByteArray, QString> errorCode(const QByteArray &body)
{
    if (!body.contains("<Error"))
        return {};
    return {xmlValue(body, QLatin1String("Code")).toUtf8(), xmlValue(body, QLatin1String("Message"))};
}

int backoffMs(const S3Client::Retry &retry, int attempt)
{
    const qint64 ceiling = std::min<qint64>(retry.maxMs, static_cast<qint64>(retry.baseMs) << std::min(attempt, 20));
    return static_cast<int>(QRandomGenerator::global()->bounded(ceiling + 1));
}

} // namespace s3

// What one attempt gave: a transport error, or an answer.
struct S3Client::Attempt {
    CURLcode curl = CURLE_OK;
    QString curlError;
    Response response;
};

namespace {

// The Error for a failed call, with the fix; `attempts` tries were made.
Error describeFailure(const S3Client &client, const S3Client::Request &request, CURLcode curl, const QString &curlError,
                      const S3Client::Response &response, int attempts)
{
    const S3Settings &s = client.settings();
    const QString target = client.describe(request.key);
    const QString doing = request.what.isEmpty() ? QString::fromLatin1(request.method) : request.what;
    const QString tries = attempts > 1 ? S3Client::tr(" (after %1 tries)").arg(attempts) : QString();
    if (curl != CURLE_OK) {
        switch (curl) {
        case CURLE_COULDNT_RESOLVE_HOST:
            return makeError(
                ErrorCode::Connection,
                S3Client::tr("Cannot resolve the S3 endpoint's host '%1' (DNS).").arg(QUrl(s.endpoint).host()),
                S3Client::tr("Check --s3-endpoint / AWS_ENDPOINT_URL and this machine's DNS."));
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CERTPROBLEM:
            return makeError(ErrorCode::Connection,
                             S3Client::tr("TLS with the S3 endpoint %1 failed: %2").arg(s.endpoint, curlError),
                             S3Client::tr("Trust the endpoint's CA with AWS_CA_BUNDLE=FILE (PEM), or check that the "
                                          "endpoint speaks https on that port."));
        case CURLE_COULDNT_CONNECT:
            return makeError(
                ErrorCode::Connection,
                S3Client::tr("Cannot connect to the S3 endpoint %1%2: %3").arg(s.endpoint, tries, curlError),
                S3Client::tr("Check that the object store runs and --s3-endpoint / AWS_ENDPOINT_URL "
                             "names it."));
        case CURLE_ABORTED_BY_CALLBACK:
            return makeError(ErrorCode::Cancelled, S3Client::tr("Cancelled while %1 %2.").arg(doing, target));
        default:
            return makeError(ErrorCode::Connection,
                             S3Client::tr("The connection to the S3 endpoint %1 failed while %2 %3%4: %5")
                                 .arg(s.endpoint, doing, target, tries, curlError),
                             S3Client::tr("The network or the object store failed; run the command again."));
        }
    }
    const auto [code, message] = s3::errorCode(response.body);
    const QString detail = QStringLiteral("HTTP %1%2%3")
                               .arg(response.status)
                               .arg(code.isEmpty() ? QString() : QLatin1Char(' ') + QString::fromUtf8(code),
                                    message.isEmpty() ? QString() : QStringLiteral(": ") + message);
    if (code == "InvalidAccessKeyId")
        return makeError(ErrorCode::Auth,
                         S3Client::tr("The object store at %1 does not know the access key '%2' (from %3).")
                             .arg(s.endpoint, s.accessKey, s.credentialsSource),
                         S3Client::tr("Check AWS_ACCESS_KEY_ID or the profile's aws_access_key_id, and that "
                                      "--s3-endpoint is the store the key belongs to."));
    if (code == "SignatureDoesNotMatch")
        return makeError(ErrorCode::Auth,
                         S3Client::tr("The object store at %1 rejected the signature for access key '%2': the secret "
                                      "key (from %3) is not that key's.")
                             .arg(s.endpoint, s.accessKey, s.credentialsSource),
                         S3Client::tr("Check AWS_SECRET_ACCESS_KEY or the profile's aws_secret_access_key."));
    if (code == "RequestTimeTooSkewed")
        return makeError(ErrorCode::Auth,
                         S3Client::tr("The object store at %1 refused the request: this machine's clock differs from "
                                      "the store's by more than 15 minutes.")
                             .arg(s.endpoint),
                         S3Client::tr("Set the clock right (timedatectl set-ntp true, or chrony) and run again."));
    if (code == "AuthorizationHeaderMalformed" || code == "PermanentRedirect" ||
        code == "IllegalLocationConstraintException" || response.status == 301 ||
        (response.headers.contains("x-amz-bucket-region") &&
         response.headers.value("x-amz-bucket-region") != s.region.toUtf8() &&
         (response.status == 400 || response.status == 403))) {
        const QByteArray actual = response.headers.value("x-amz-bucket-region");
        return makeError(
            ErrorCode::Config,
            S3Client::tr("The bucket '%1' is not in the region '%2'%3 (%4).")
                .arg(client.bucket(), s.region,
                     actual.isEmpty() ? QString() : S3Client::tr(": it is in '%1'").arg(QString::fromUtf8(actual)),
                     detail),
            S3Client::tr("Pass --s3-region %1 or set AWS_REGION.")
                .arg(actual.isEmpty() ? QStringLiteral("REGION") : QString::fromUtf8(actual)));
    }
    if (code == "NoSuchBucket")
        return makeError(ErrorCode::NotFound,
                         S3Client::tr("The bucket '%1' does not exist at %2.").arg(client.bucket(), s.endpoint),
                         S3Client::tr("Create it first (s3cmd mb s3://%1, aws s3 mb s3://%1), or check the bucket "
                                      "name and --s3-endpoint.")
                             .arg(client.bucket()));
    if (code == "NoSuchKey" || code == "NoSuchUpload" || (response.status == 404 && code.isEmpty()))
        return makeError(ErrorCode::NotFound, S3Client::tr("%1 does not exist (%2).").arg(target, detail));
    if (response.status == 403 || code == "AccessDenied")
        return makeError(ErrorCode::Auth,
                         S3Client::tr("The object store at %1 denied %2 %3 to access key '%4' (%5).")
                             .arg(s.endpoint, doing, target, s.accessKey, detail),
                         S3Client::tr("Grant the key s3:ListBucket, s3:GetObject, s3:PutObject, s3:DeleteObject, "
                                      "s3:AbortMultipartUpload and s3:ListBucketMultipartUploads on the bucket."));
    if (response.status == 412)
        return makeError(ErrorCode::Integrity,
                         S3Client::tr("%1 was replaced while it was being read (%2).").arg(target, detail),
                         S3Client::tr("Another program wrote the object; run the command again."));
    if (s3::isRetryable(response.status, code))
        return makeError(ErrorCode::Connection,
                         S3Client::tr("The object store at %1 kept failing while %2 %3%4: %5")
                             .arg(s.endpoint, doing, target, tries, detail),
                         S3Client::tr("It is overloaded or failing; run the command again later."));
    return makeError(ErrorCode::Protocol,
                     S3Client::tr("The object store at %1 refused %2 %3: %4").arg(s.endpoint, doing, target, detail),
                     S3Client::tr("Check that the endpoint is an S3-compatible object store."));
}

// RAII for a curl_slist.
struct HeaderList {
    curl_slist *list = nullptr;
    ~HeaderList() { curl_slist_free_all(list); }
    void add(const QByteArray &line) { list = curl_slist_append(list, line.constData()); }
};

} // namespace

S3Client::S3Client(S3Settings settings, QString bucket)
    : m_settings(std::move(settings)), m_bucket(std::move(bucket)), m_retry(defaultRetry())
{
    globalInit();
    m_curl = curl_easy_init();
}

S3Client::~S3Client()
{
    curl_easy_cleanup(static_cast<CURL *>(m_curl));
}

S3Client::Retry S3Client::defaultRetry()
{
    Retry retry;
    bool ok = false;
    const int attempts = qEnvironmentVariableIntValue("TIDEMARK_S3_RETRIES", &ok);
    if (ok && attempts >= 1)
        retry.attempts = attempts;
    const int base = qEnvironmentVariableIntValue("TIDEMARK_S3_BACKOFF_MS", &ok);
    if (ok && base >= 0)
        retry.baseMs = base;
    const int stall = qEnvironmentVariableIntValue("TIDEMARK_S3_STALL_SECONDS", &ok);
    if (ok && stall >= 1)
        retry.stallSeconds = stall;
    return retry;
}

QString S3Client::describe(const QString &key) const
{
    return QStringLiteral("s3://%1/%2").arg(m_bucket, key);
}

QByteArray S3Client::url(const QString &key, const std::vector<std::pair<QString, QString>> &query) const
{
    const QUrl endpoint(m_settings.endpoint);
    QByteArray url;
    if (m_settings.pathStyle) {
        url = m_settings.endpoint.toUtf8() + '/' + m_bucket.toUtf8().toPercentEncoding() + '/' + encodeKey(key);
    } else {
        url = endpoint.scheme().toUtf8() + "://" + m_bucket.toUtf8() + '.' + endpoint.host().toUtf8();
        if (endpoint.port() > 0)
            url += ':' + QByteArray::number(endpoint.port());
        url += '/' + encodeKey(key);
    }
    // The canonical query of SigV4: sorted, every name and value percent-encoded, `name=` when empty.
    auto sorted = query;
    std::sort(sorted.begin(), sorted.end());
    QByteArray q;
    for (const auto &[name, value] : sorted) {
        if (!q.isEmpty())
            q += '&';
        q += name.toUtf8().toPercentEncoding() + '=' + value.toUtf8().toPercentEncoding();
    }
    if (!q.isEmpty())
        url += '?' + q;
    return url;
}

void S3Client::prepare(void *handle, const QByteArray &url, const std::vector<QByteArray> &headers, void *list) const
{
    auto *curl = static_cast<CURL *>(handle);
    auto *h = static_cast<HeaderList *>(list);
    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 15L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(m_retry.stallSeconds));
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    static const bool verbose = qEnvironmentVariableIsSet("TIDEMARK_S3_DEBUG");
    if (verbose) // libcurl's trace of every request and answer on standard error (no bodies).
        curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);
    const QByteArray sigv4 = "aws:amz:" + m_settings.region.toUtf8() + ":s3";
    curl_easy_setopt(curl, CURLOPT_AWS_SIGV4, sigv4.constData()); // curl copies string options.
    const QByteArray user = m_settings.accessKey.toUtf8();
    const QByteArray secret = m_settings.secretKey.toUtf8();
    curl_easy_setopt(curl, CURLOPT_USERNAME, user.constData());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, secret.constData());
    if (!m_settings.caBundle.isEmpty()) {
        const QByteArray ca = m_settings.caBundle.toUtf8();
        curl_easy_setopt(curl, CURLOPT_CAINFO, ca.constData());
    }
    // No 100-continue wait before each part (an "Expect:" header to drop it would be signed).
    curl_easy_setopt(curl, CURLOPT_EXPECT_100_TIMEOUT_MS, 0L);
    // libcurl 7.88 signs the payload hash this header names: UNSIGNED-PAYLOAD spares hashing every
    // part with SHA-256 twice; each body is covered by Content-MD5, which the store checks.
    h->add("x-amz-content-sha256: UNSIGNED-PAYLOAD");
    if (!m_settings.sessionToken.isEmpty())
        h->add("x-amz-security-token: " + m_settings.sessionToken.toUtf8());
    for (const QByteArray &line : headers)
        h->add(line);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h->list);
}

Result<S3Client::Response> S3Client::perform(const Request &request)
{
    auto *curl = static_cast<CURL *>(m_curl);
    if (!curl)
        return makeError(ErrorCode::Io, tr("Cannot start libcurl (out of memory?)."));
    const QByteArray target = url(request.key, request.query);
    for (int attempt = 0;; ++attempt) {
        HeaderList headers;
        std::vector<QByteArray> lines = request.headers;
        if (request.hasBody && std::none_of(lines.begin(), lines.end(), [](const QByteArray &l) {
                return l.toLower().startsWith("content-type:");
            }))
            lines.push_back("Content-Type: application/octet-stream");
        prepare(curl, target, lines, &headers);
        HeaderSink sink;
        QByteArray body;
        curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, onHeader);
        curl_easy_setopt(curl, CURLOPT_HEADERDATA, &sink);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, onBody);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
        if (request.method == "HEAD") {
            curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
        } else {
            curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.constData());
            if (request.hasBody) {
                // POSTFIELDS, so that libcurl's SigV4 hashes the payload.
                curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
                curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.constData());
            }
        }
        char errorBuffer[CURL_ERROR_SIZE] = {};
        curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorBuffer);
        const CURLcode rc = curl_easy_perform(curl);
        Response response;
        response.status = sink.status;
        response.headers = std::move(sink.headers);
        response.body = std::move(body);
        const QString curlError = QString::fromUtf8(errorBuffer[0] ? errorBuffer : curl_easy_strerror(rc));
        // CompleteMultipartUpload may answer 200 and put an error in the body.
        const bool bodyError =
            rc == CURLE_OK && response.status == 200 && request.method == "POST" && response.body.contains("<Error>");
        if (rc == CURLE_OK &&
            ((response.status < 300 && !bodyError) ||
             std::find(request.answers.begin(), request.answers.end(), response.status) != request.answers.end()))
            return response;
        const QByteArray code = rc == CURLE_OK ? s3::errorCode(response.body).first : QByteArray();
        const bool retry =
            rc != CURLE_OK ? curlRetryable(rc) : s3::isRetryable(bodyError ? 500 : response.status, code);
        if (!retry || attempt + 1 >= m_retry.attempts) {
            if (bodyError && response.status == 200)
                response.status = 500;
            return describeFailure(*this, request, rc, curlError, response, attempt + 1);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(s3::backoffMs(m_retry, attempt)));
    }
}

Result<std::vector<S3Client::Object>> S3Client::list(const QString &prefix, int maxKeys)
{
    std::vector<Object> objects;
    QString token;
    for (;;) {
        Request request{"GET",
                        {},
                        {{QStringLiteral("list-type"), QStringLiteral("2")},
                         {QStringLiteral("prefix"), prefix},
                         {QStringLiteral("max-keys"), QString::number(maxKeys)}}};
        request.what = tr("listing");
        if (!token.isEmpty())
            request.query.emplace_back(QStringLiteral("continuation-token"), token);
        auto response = perform(request);
        if (!response)
            return response.error();
        QXmlStreamReader xml(response->body);
        bool truncated = false;
        token.clear();
        Object current;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement()) {
                if (xml.name() == QLatin1String("Contents"))
                    current = {};
                else if (xml.name() == QLatin1String("Key"))
                    current.key = xml.readElementText();
                else if (xml.name() == QLatin1String("Size"))
                    current.size = xml.readElementText().toLongLong();
                else if (xml.name() == QLatin1String("ETag"))
                    current.etag = xml.readElementText().toUtf8();
                else if (xml.name() == QLatin1String("IsTruncated"))
                    truncated = xml.readElementText() == QLatin1String("true");
                else if (xml.name() == QLatin1String("NextContinuationToken"))
                    token = xml.readElementText();
            } else if (xml.isEndElement() && xml.name() == QLatin1String("Contents")) {
                objects.push_back(current);
            }
        }
        if (xml.hasError())
            return makeError(ErrorCode::Protocol,
                             tr("The object store at %1 answered a listing of %2 with bad XML: %3")
                                 .arg(m_settings.endpoint, describe(prefix), xml.errorString()),
                             tr("Check that the endpoint is an S3-compatible object store."));
        if (!truncated || token.isEmpty())
            return objects;
    }
}

Result<S3Client::Object> S3Client::head(const QString &key)
{
    Request request{"HEAD", key};
    request.what = tr("looking up");
    auto response = perform(request);
    if (!response)
        return response.error();
    Object object;
    object.key = key;
    object.size = response->headers.value("content-length").toLongLong();
    object.etag = response->headers.value("etag");
    return object;
}

Result<QByteArray> S3Client::get(const QString &key)
{
    auto object = getWithEtag(key);
    if (!object)
        return object.error();
    return object->first;
}

S3Client::Request S3Client::putRequest(const QString &key, const QByteArray &body)
{
    Request request{"PUT", key};
    request.what = tr("writing");
    request.body = body;
    request.hasBody = true;
    request.headers.push_back("Content-MD5: " + QCryptographicHash::hash(body, QCryptographicHash::Md5).toBase64());
    return request;
}

Status S3Client::put(const QString &key, const QByteArray &body)
{
    auto response = perform(putRequest(key, body));
    if (!response)
        return response.error();
    return {};
}

Result<std::pair<QByteArray, QByteArray>> S3Client::getWithEtag(const QString &key)
{
    Request request{"GET", key};
    request.what = tr("reading");
    auto response = perform(request);
    if (!response)
        return response.error();
    return std::pair{response->body, response->headers.value("etag")};
}

Result<S3Client::Put> S3Client::putIf(const QString &key, const QByteArray &body, const QByteArray &ifMatch,
                                      QByteArray *etag)
{
    Request request = putRequest(key, body);
    request.headers.push_back(ifMatch.isEmpty() ? QByteArray("If-None-Match: *")
                                                : "If-Match: " + QByteArray(ifMatch).replace('"', ""));
    request.answers = {412, 501};
    auto response = perform(request);
    if (!response)
        return response.error();
    if (response->status == 412)
        return Put::ConditionFailed;
    const bool plain = response->status == 501;
    if (plain) {
        response = perform(putRequest(key, body));
        if (!response)
            return response.error();
    }
    if (etag)
        *etag = response->headers.value("etag");
    return plain ? Put::Unconditional : Put::Written;
}

Status S3Client::remove(const QString &key)
{
    Request request{"DELETE", key};
    request.what = tr("removing");
    auto response = perform(request);
    if (!response)
        return response.error();
    return {};
}

Result<QString> S3Client::createUpload(const QString &key)
{
    Request request{"POST", key, {{QStringLiteral("uploads"), QString()}}};
    request.what = tr("starting the upload of");
    request.hasBody = true;
    auto response = perform(request);
    if (!response)
        return response.error();
    const QString id = xmlValue(response->body, QLatin1String("UploadId"));
    if (id.isEmpty())
        return makeError(ErrorCode::Protocol,
                         tr("The object store at %1 gave no UploadId for %2.").arg(m_settings.endpoint, describe(key)),
                         tr("Check that the endpoint is an S3-compatible object store."));
    return id;
}

Result<QByteArray> S3Client::uploadPart(const QString &key, const QString &uploadId, int number, const QByteArray &data)
{
    const QByteArray md5 = QCryptographicHash::hash(data, QCryptographicHash::Md5);
    Request request{
        "PUT", key, {{QStringLiteral("partNumber"), QString::number(number)}, {QStringLiteral("uploadId"), uploadId}}};
    request.what = tr("uploading part %1 of").arg(number);
    request.body = data;
    request.hasBody = true;
    request.headers.push_back("Content-MD5: " + md5.toBase64());
    // The server checks Content-MD5; the ETag it answers is checked too (it is the part's MD5 unless
    // the store encrypts with KMS), so a part that arrived different is sent again.
    for (int attempt = 0;; ++attempt) {
        auto response = perform(request);
        if (!response)
            return response.error();
        QByteArray etag = response->headers.value("etag");
        const QByteArray bare = QByteArray(etag).replace('"', "");
        const bool kms = response->headers.value("x-amz-server-side-encryption") == "aws:kms";
        if (etag.isEmpty())
            return makeError(ErrorCode::Protocol,
                             tr("The object store at %1 gave no ETag for part %2 of %3.")
                                 .arg(m_settings.endpoint)
                                 .arg(number)
                                 .arg(describe(key)),
                             tr("Check that the endpoint is an S3-compatible object store."));
        if (kms || bare.size() != 32 || bare.toLower() == md5.toHex())
            return etag;
        if (attempt + 1 >= m_retry.attempts)
            return makeError(
                ErrorCode::Integrity,
                tr("The object store at %1 stored part %2 of %3 with ETag %4, but the part's MD5 is %5 (%6 "
                   "tries).")
                    .arg(m_settings.endpoint)
                    .arg(number)
                    .arg(describe(key), QString::fromUtf8(bare), QString::fromLatin1(md5.toHex()))
                    .arg(attempt + 1),
                tr("Something between this machine and the store changes data; check proxies and the "
                   "network."));
        std::this_thread::sleep_for(std::chrono::milliseconds(s3::backoffMs(m_retry, attempt)));
    }
}

Status S3Client::completeUpload(const QString &key, const QString &uploadId, const std::vector<QByteArray> &etags)
{
    QByteArray xml = "<CompleteMultipartUpload>";
    for (size_t i = 0; i < etags.size(); ++i)
        xml += "<Part><PartNumber>" + QByteArray::number(static_cast<qulonglong>(i + 1)) + "</PartNumber><ETag>" +
               QString::fromUtf8(etags[i]).toHtmlEscaped().toUtf8() + "</ETag></Part>";
    xml += "</CompleteMultipartUpload>";
    Request request{"POST", key, {{QStringLiteral("uploadId"), uploadId}}};
    request.what = tr("completing the upload of");
    request.body = xml;
    request.hasBody = true;
    request.headers.push_back("Content-Type: application/xml");
    auto response = perform(request);
    if (response)
        return {};
    // A try whose answer was lost (a cut connection) may have completed the upload: the retry
    // then finds no upload. The object is there if so, with the ETag S3 gives exactly these parts
    // (the MD5 of their MD5s, a dash, their count); it cannot be told when the parts' ETags are no
    // MD5s (KMS), and then the error stands.
    if (response.error().code == ErrorCode::NotFound && !etags.empty()) {
        QByteArray digests;
        for (const QByteArray &etag : etags) {
            const QByteArray hex = QByteArray(etag).replace('"', "").toLower();
            if (hex.size() != 32)
                return response.error();
            digests += QByteArray::fromHex(hex);
        }
        const QByteArray expected = QCryptographicHash::hash(digests, QCryptographicHash::Md5).toHex() + '-' +
                                    QByteArray::number(static_cast<qulonglong>(etags.size()));
        if (auto object = head(key); object && QByteArray(object->etag).replace('"', "").toLower() == expected)
            return {};
    }
    return response.error();
}

Status S3Client::abortUpload(const QString &key, const QString &uploadId)
{
    Request request{"DELETE", key, {{QStringLiteral("uploadId"), uploadId}}};
    request.what = tr("aborting the upload of");
    auto response = perform(request);
    if (!response && response.error().code != ErrorCode::NotFound)
        return response.error();
    return {};
}

Result<std::vector<S3Client::Upload>> S3Client::listUploads(const QString &prefix)
{
    std::vector<Upload> uploads;
    QString keyMarker;
    QString idMarker;
    for (;;) {
        Request request{"GET", {}, {{QStringLiteral("uploads"), QString()}, {QStringLiteral("prefix"), prefix}}};
        request.what = tr("listing the unfinished uploads of");
        if (!keyMarker.isEmpty()) {
            request.query.emplace_back(QStringLiteral("key-marker"), keyMarker);
            request.query.emplace_back(QStringLiteral("upload-id-marker"), idMarker);
        }
        auto response = perform(request);
        if (!response)
            return response.error();
        QXmlStreamReader xml(response->body);
        bool truncated = false;
        keyMarker.clear();
        idMarker.clear();
        Upload current;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement()) {
                if (xml.name() == QLatin1String("Upload"))
                    current = {};
                else if (xml.name() == QLatin1String("Key"))
                    current.key = xml.readElementText();
                else if (xml.name() == QLatin1String("UploadId"))
                    current.uploadId = xml.readElementText();
                else if (xml.name() == QLatin1String("Initiated"))
                    current.initiated = QDateTime::fromString(xml.readElementText(), Qt::ISODateWithMs);
                else if (xml.name() == QLatin1String("IsTruncated"))
                    truncated = xml.readElementText() == QLatin1String("true");
                else if (xml.name() == QLatin1String("NextKeyMarker"))
                    keyMarker = xml.readElementText();
                else if (xml.name() == QLatin1String("NextUploadIdMarker"))
                    idMarker = xml.readElementText();
            } else if (xml.isEndElement() && xml.name() == QLatin1String("Upload")) {
                uploads.push_back(current);
            }
        }
        if (xml.hasError())
            return makeError(ErrorCode::Protocol,
                             tr("The object store at %1 answered a listing of uploads with bad XML: %2")
                                 .arg(m_settings.endpoint, xml.errorString()));
        if (!truncated || keyMarker.isEmpty())
            return uploads;
    }
}

// A streamed GET driven from read(): a curl multi handle is pumped until bytes are buffered. The
// write callback pauses the transfer while more than kHighWater bytes wait, so memory is bounded
// whatever the object's size.
class S3DownloadImpl : public S3Client::Download {
public:
    static constexpr qsizetype kHighWater = 4 * 1024 * 1024;

    S3DownloadImpl(S3Client &client, QString key, qint64 offset, qint64 end, QByteArray etag)
        : m_client(client), m_key(std::move(key)), m_offset(offset), m_end(end), m_etag(std::move(etag))
    {
        m_multi = curl_multi_init();
    }
    ~S3DownloadImpl() override
    {
        stop();
        curl_multi_cleanup(m_multi);
    }

    const Error &error() const override { return m_error; }

    qint64 read(char *data, qint64 max) override
    {
        if (m_failed)
            return -1;
        while (m_buffer.size() - m_read == 0) {
            if (m_complete || (m_end >= 0 && m_offset >= m_end))
                return 0;
            if (!m_running)
                start();
            if (!pump())
                return -1;
        }
        const qint64 n = std::min<qint64>(max, m_buffer.size() - m_read);
        memcpy(data, m_buffer.constData() + m_read, static_cast<size_t>(n));
        m_read += n;
        m_offset += n;
        if (m_read == m_buffer.size()) {
            m_buffer.clear();
            m_read = 0;
        }
        if (m_paused && m_buffer.size() - m_read < kHighWater / 2) {
            m_paused = false;
            curl_easy_pause(m_easy, CURLPAUSE_CONT);
        }
        return n;
    }

private:
    static size_t onData(char *data, size_t size, size_t count, void *user)
    {
        auto *self = static_cast<S3DownloadImpl *>(user);
        const auto n = static_cast<qsizetype>(size * count);
        if (self->m_headers.status >= 300) {
            if (self->m_errorBody.size() < 64 * 1024)
                self->m_errorBody.append(data, n);
            return size * count;
        }
        if (self->m_buffer.size() - self->m_read >= kHighWater) {
            self->m_paused = true;
            return CURL_WRITEFUNC_PAUSE;
        }
        self->m_buffer.append(data, n);
        self->m_received += n;
        return size * count;
    }

    void start()
    {
        stop();
        m_headers = {};
        m_errorBody.clear();
        m_received = 0;
        m_complete = false;
        m_startOffset = m_offset;
        m_easy = curl_easy_init();
        m_headerList = std::make_unique<HeaderList>();
        std::vector<QByteArray> lines;
        QByteArray range = "Range: bytes=" + QByteArray::number(m_offset) + '-';
        if (m_end >= 0)
            range += QByteArray::number(m_end - 1);
        lines.push_back(range);
        if (!m_etag.isEmpty())
            lines.push_back("If-Match: " + m_etag);
        m_client.prepare(m_easy, m_client.url(m_key, {}), lines, m_headerList.get());
        curl_easy_setopt(m_easy, CURLOPT_HEADERFUNCTION, onHeader);
        curl_easy_setopt(m_easy, CURLOPT_HEADERDATA, &m_headers);
        curl_easy_setopt(m_easy, CURLOPT_WRITEFUNCTION, onData);
        curl_easy_setopt(m_easy, CURLOPT_WRITEDATA, this);
        curl_easy_setopt(m_easy, CURLOPT_ERRORBUFFER, m_errorText);
        m_errorText[0] = 0;
        curl_multi_add_handle(m_multi, m_easy);
        m_running = true;
    }

    void stop()
    {
        if (m_easy) {
            curl_multi_remove_handle(m_multi, m_easy);
            curl_easy_cleanup(m_easy);
            m_easy = nullptr;
        }
        m_headerList.reset();
        m_running = false;
        m_paused = false;
    }

    // Moves the transfer on until bytes are buffered or it ends; false on a failure for good.
    bool pump()
    {
        int running = 0;
        curl_multi_perform(m_multi, &running);
        if (m_buffer.size() - m_read > 0)
            return true;
        if (running > 0) {
            curl_multi_poll(m_multi, nullptr, 0, 1000, nullptr);
            return true;
        }
        CURLcode rc = CURLE_OK;
        int left = 0;
        while (CURLMsg *msg = curl_multi_info_read(m_multi, &left)) {
            if (msg->msg == CURLMSG_DONE)
                rc = msg->data.result;
        }
        S3Client::Response response;
        response.status = m_headers.status;
        response.headers = m_headers.headers;
        response.body = m_errorBody;
        const QString curlError = QString::fromUtf8(m_errorText[0] ? m_errorText : curl_easy_strerror(rc));
        stop();
        const bool statusOk = response.status == 206 || (response.status == 200 && m_startOffset == 0);
        if (rc == CURLE_OK && statusOk) {
            const QByteArray length = response.headers.value("content-length");
            // A body shorter than announced is a cut connection: resume.
            if (length.isEmpty() || length.toLongLong() == m_received) {
                m_complete = true;
                if (m_end < 0 || m_offset >= m_end)
                    return true;
            }
        } else if (rc == CURLE_OK && response.status == 416 && m_end < 0) {
            m_complete = true; // Asked past the end: there is nothing more.
            return true;
        }
        const QByteArray code = rc == CURLE_OK ? s3::errorCode(response.body).first : QByteArray();
        const bool progressed = m_received > 0;
        const bool retry =
            rc != CURLE_OK ? curlRetryable(rc) || progressed : (statusOk || s3::isRetryable(response.status, code));
        if (progressed)
            m_attempt = 0; // Bytes came: a fresh budget for the next cut.
        if (retry && m_attempt + 1 < m_client.m_retry.attempts) {
            std::this_thread::sleep_for(std::chrono::milliseconds(s3::backoffMs(m_client.m_retry, m_attempt)));
            ++m_attempt;
            start();
            return true;
        }
        S3Client::Request request{"GET", m_key};
        request.what = S3Client::tr("reading");
        if (rc == CURLE_OK && statusOk)
            rc = CURLE_PARTIAL_FILE;
        m_error = describeFailure(m_client, request, rc, curlError, response, m_attempt + 1);
        m_failed = true;
        return false;
    }

    S3Client &m_client;
    QString m_key;
    qint64 m_offset;
    qint64 m_end;
    QByteArray m_etag;
    CURLM *m_multi = nullptr;
    CURL *m_easy = nullptr;
    std::unique_ptr<HeaderList> m_headerList;
    HeaderSink m_headers;
    QByteArray m_buffer;
    qsizetype m_read = 0;
    QByteArray m_errorBody;
    char m_errorText[CURL_ERROR_SIZE] = {};
    qint64 m_received = 0;
    qint64 m_startOffset = 0;
    int m_attempt = 0;
    bool m_running = false;
    bool m_paused = false;
    bool m_complete = false;
    bool m_failed = false;
    Error m_error;
};

std::unique_ptr<S3Client::Download> S3Client::download(const QString &key, qint64 offset, qint64 end,
                                                       const QByteArray &etag)
{
    return std::make_unique<S3DownloadImpl>(*this, key, offset, end, etag);
}

} // namespace tidemark
