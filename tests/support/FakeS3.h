#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace tidemark::test {

/// A scripted S3 server on 127.0.0.1 (a port the kernel picks) for the faults a real object store
/// does not make on cue: 503 SlowDown bursts, a connection cut part way through a request's or an
/// answer's body, an answer that stalls, a wrong ETag, a refusal of every request (403 and its kinds, NoSuchBucket, a
/// wrong region).
///
/// It keeps buckets, objects and multipart uploads in memory and speaks just enough S3 for
/// S3ChainStore, path style only (`/BUCKET/KEY`): PUT, GET (with `Range` and `If-Match`), HEAD and
/// DELETE of an object, ListObjectsV2 (`?list-type=2&prefix=`, `max-keys`, continuation tokens),
/// CreateMultipartUpload, UploadPart (Content-MD5 checked: 400 BadDigest; ETag the quoted MD5),
/// CompleteMultipartUpload (parts checked against their ETags; every part but the last at least
/// 5 MiB, as S3 wants), AbortMultipartUpload and ListMultipartUploads. A bucket that was not
/// created answers 404 NoSuchBucket. Signatures are not checked: it is a fault injector, not an S3.
///
/// HTTP/1.1 with keep-alive and Content-Length bodies (no chunked bodies); `Expect: 100-continue`
/// (which libcurl sends with bodies over 1 MiB, a part) is answered with `100 Continue`.
///
/// The script: rules match requests by method (empty: any) and by a substring of the target as
/// sent, `PATH?QUERY` (empty: any), e.g. `failNext("PUT", "partNumber=2", 3, 503, "SlowDown")`.
/// A request takes the first rule that matches it, in the order they were set, and uses one of
/// its count up. Every request is logged, with what it was answered, before the answer goes out,
/// so a test that got its answer sees the request in log().
///
/// Threading: the server runs its own thread and event loop (S3Client blocks in curl on the
/// test's thread); every method may be called from any thread.
class FakeS3 {
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    /// One request as it arrived, and how it was answered.
    struct Request {
        QByteArray method;
        QByteArray path;                       ///< As sent (percent-encoded), without the query.
        QByteArray query;                      ///< As sent, without the '?'.
        QString bucket;                        ///< Decoded.
        QString key;                           ///< Decoded; empty for the bucket itself.
        QList<QPair<QString, QString>> params; ///< The query decoded, in order.
        QHash<QByteArray, QByteArray> headers; ///< Lower-case names.
        qint64 bodyBytes = 0;                  ///< Body bytes received (short of Content-Length when cut).
        int status = 0;                        ///< What was answered; 0 when cut before an answer.
        QByteArray
            fault; ///< The fault applied: "fail", "cut-request", "cut-response", "stall", "wrong-etag", or empty.

        [[nodiscard]] bool has(const QString &param) const;
        [[nodiscard]] QString param(const QString &name) const;
        /// `PATH?QUERY` as sent (what rule patterns match).
        [[nodiscard]] QString target() const;
        /// An UploadPart request (PUT with partNumber and uploadId).
        [[nodiscard]] bool isUploadPart() const;
    };

    /// Where cutNext() cuts: the request's body as it arrives, or the answer's body as it goes.
    enum class Cut { RequestBody, ResponseBody };

    FakeS3();
    ~FakeS3();
    FakeS3(const FakeS3 &) = delete;
    FakeS3 &operator=(const FakeS3 &) = delete;

    /// Starts the thread and listens; false with a message when it cannot.
    [[nodiscard]] bool start(QString *error);
    [[nodiscard]] quint16 port() const;
    /// "http://127.0.0.1:PORT", for --s3-endpoint and S3Settings::Overrides.
    [[nodiscard]] QString endpoint() const;

    // The store.
    void createBucket(const QString &bucket);
    /// Stores an object as a PUT would (the bucket is created if need be).
    void putObject(const QString &bucket, const QString &key, const QByteArray &data);
    [[nodiscard]] std::optional<QByteArray> object(const QString &bucket, const QString &key) const;
    /// The object's ETag, quoted as S3 gives it; empty when there is no such object.
    [[nodiscard]] QByteArray etag(const QString &bucket, const QString &key) const;
    /// The keys of the objects in `bucket`, sorted.
    [[nodiscard]] QStringList keys(const QString &bucket) const;
    /// The key of each unfinished multipart upload in `bucket`, sorted (a key twice for two uploads).
    [[nodiscard]] QStringList uploads(const QString &bucket) const;

    // The script.
    /// The next `count` matching requests (-1: all from now on) are answered `status` with the S3
    /// error `s3Code` (an XML body, as S3 sends), and `headers`; they change nothing. A status of
    /// 200 gives the error body with 200, as CompleteMultipartUpload may.
    void failNext(const QByteArray &method, const QString &pattern, int count, int status, const QByteArray &s3Code,
                  const Headers &headers = {});
    /// The next `count` matching requests have their connection closed after `afterBytes` bytes
    /// of the request's body arrived (before any answer; the request changes nothing), or after
    /// `afterBytes` bytes of the answer's body went out (the request took effect).
    void cutNext(const QByteArray &method, const QString &pattern, Cut where, qint64 afterBytes, int count = 1);
    /// The next `count` matching requests take effect, but of their answer only the headers and
    /// `afterBytes` bytes of the body go out (`afterBytes` < 0: nothing at all); then nothing
    /// more, the connection held open until the client closes it.
    void stallNext(const QByteArray &method, const QString &pattern, qint64 afterBytes, int count = 1);
    /// The next `count` UploadPart answers (-1: all) carry an ETag that is not the part's MD5 (the
    /// part is stored all the same, under its true ETag).
    void wrongEtagNext(int count);
    /// Every request from now on is answered `status` with the S3 error `s3Code`:
    /// 403 InvalidAccessKeyId, SignatureDoesNotMatch, AccessDenied, RequestTimeTooSkewed…
    void refuseAll(int status, const QByteArray &s3Code, const Headers &headers = {});
    /// Every request from now on is answered as AWS answers a request signed for another region
    /// than the bucket's: 400 AuthorizationHeaderMalformed with `x-amz-bucket-region: REGION`.
    void wrongRegion(const QString &region);
    /// Forgets every rule (and wrong ETags still to come).
    void clearFaults();

    // The log.
    [[nodiscard]] QList<Request> log() const;
    /// The logged requests of `method` (empty: any) whose target contains `pattern`.
    [[nodiscard]] QList<Request> requests(const QByteArray &method, const QString &pattern = {}) const;
    [[nodiscard]] int count(const QByteArray &method, const QString &pattern = {}) const;
    void clearLog();

private:
    class Server;
    std::unique_ptr<Server> m_server;
};

} // namespace tidemark::test
