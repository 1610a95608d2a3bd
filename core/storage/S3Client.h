#pragma once

#include "common/Error.h"
#include "storage/S3Settings.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QString>

#include <memory>
#include <utility>
#include <vector>

namespace tidemark {

/// The S3 calls Tidemark makes, over libcurl with its built-in AWS Signature V4
/// (`CURLOPT_AWS_SIGV4`); XML answers are read with QXmlStreamReader. One client is one
/// connection (libcurl keeps it alive between calls) and is used by one thread at a time.
///
/// Every call retries what may pass (HTTP 500/502/503/504/429, `SlowDown`, `RequestTimeout`,
/// `InternalError`, `BadDigest`, connection refused/reset/cut, stalls) with exponential backoff and
/// full jitter, and never retries what will not (403 and its kinds, `NoSuchBucket`, a wrong
/// region, DNS and TLS failures): those come back at once as an Error whose message says what is
/// wrong and whose hint says how to fix it.
class S3Client {
    Q_DECLARE_TR_FUNCTIONS(S3Client)

public:
    struct Object {
        QString key;
        qint64 size = 0;
        QByteArray etag;
    };
    struct Upload {
        QString key;
        QString uploadId;
        QDateTime initiated;
    };
    /// Retry policy; `TIDEMARK_S3_RETRIES` and `TIDEMARK_S3_BACKOFF_MS` change the defaults.
    struct Retry {
        int attempts = 8;      ///< Tries in all, the first included.
        int baseMs = 250;      ///< First backoff ceiling; doubles per try.
        int maxMs = 20000;     ///< Backoff ceiling.
        int stallSeconds = 60; ///< A transfer that moves no byte this long is cut and retried.
    };

    S3Client(S3Settings settings, QString bucket);
    ~S3Client();
    S3Client(const S3Client &) = delete;
    S3Client &operator=(const S3Client &) = delete;

    [[nodiscard]] const S3Settings &settings() const { return m_settings; }
    [[nodiscard]] const QString &bucket() const { return m_bucket; }
    [[nodiscard]] QString describe(const QString &key) const;
    [[nodiscard]] static Retry defaultRetry();
    void setRetry(const Retry &retry) { m_retry = retry; }

    /// Every object under `prefix` (ListObjectsV2, all pages).
    [[nodiscard]] Result<std::vector<Object>> list(const QString &prefix, int maxKeys = 1000);
    /// One object's size and ETag; ErrorCode::NotFound when it does not exist.
    [[nodiscard]] Result<Object> head(const QString &key);
    /// A small object whole (a lock); ErrorCode::NotFound when it does not exist.
    [[nodiscard]] Result<QByteArray> get(const QString &key);
    /// A small object in one PUT, with Content-MD5.
    [[nodiscard]] Status put(const QString &key, const QByteArray &body);
    /// A small object with its ETag; ErrorCode::NotFound when it does not exist.
    [[nodiscard]] Result<std::pair<QByteArray, QByteArray>> getWithEtag(const QString &key);
    /// What a conditional PUT did.
    enum class Put { Written, ConditionFailed, Unconditional };
    /// A small object in one PUT only if the key is free (`ifMatch` empty: `If-None-Match: *`) or
    /// still holds the object of ETag `ifMatch` (`If-Match`, sent without its quotes: Ceph 16's
    /// gateway matches only those). ConditionFailed on 412. A store that refuses conditional PUTs
    /// (501) gets a plain PUT: Unconditional. `etag` gets the new ETag.
    [[nodiscard]] Result<Put> putIf(const QString &key, const QByteArray &body, const QByteArray &ifMatch,
                                    QByteArray *etag = nullptr);
    [[nodiscard]] Status remove(const QString &key);

    [[nodiscard]] Result<QString> createUpload(const QString &key);
    /// Uploads part `number` (1-based) with Content-MD5; returns its ETag.
    [[nodiscard]] Result<QByteArray> uploadPart(const QString &key, const QString &uploadId, int number,
                                                const QByteArray &data);
    [[nodiscard]] Status completeUpload(const QString &key, const QString &uploadId,
                                        const std::vector<QByteArray> &etags);
    [[nodiscard]] Status abortUpload(const QString &key, const QString &uploadId);
    /// Multipart uploads begun and neither completed nor aborted, under `prefix`.
    [[nodiscard]] Result<std::vector<Upload>> listUploads(const QString &prefix);

    /// A GET of bytes [offset, end) of `key` (end -1: to the object's end), read as it arrives
    /// with bounded memory. A transfer cut part way is resumed where it stopped (a range GET with
    /// If-Match on the ETag, so a replaced object is never mixed in).
    class Download {
    public:
        virtual ~Download() = default;
        /// Up to `max` bytes; 0 at the end; -1 on an error (then error()).
        [[nodiscard]] virtual qint64 read(char *data, qint64 max) = 0;
        [[nodiscard]] virtual const Error &error() const = 0;
    };
    [[nodiscard]] std::unique_ptr<Download> download(const QString &key, qint64 offset, qint64 end,
                                                     const QByteArray &etag);

    struct Response {
        long status = 0;
        QByteArray body;
        QHash<QByteArray, QByteArray> headers; ///< Lower-case names.
    };
    struct Request {
        Request(QByteArray m, QString k, std::vector<std::pair<QString, QString>> q = {})
            : method(std::move(m)), key(std::move(k)), query(std::move(q))
        {
        }
        QByteArray method;
        QString key; ///< Empty: the bucket itself.
        std::vector<std::pair<QString, QString>> query;
        std::vector<QByteArray> headers;
        QByteArray body;
        bool hasBody = false;
        QString what;              ///< For messages: "uploading part 3 of".
        std::vector<long> answers; ///< Statuses returned as a Response (the caller's to handle), not an Error.
    };
    /// One call with retries; an HTTP status ≥ 300 is an Error.
    [[nodiscard]] Result<Response> perform(const Request &request);

private:
    friend class S3DownloadImpl;
    struct Attempt;
    [[nodiscard]] QByteArray url(const QString &key, const std::vector<std::pair<QString, QString>> &query) const;
    /// A PUT of a small object with its Content-MD5.
    [[nodiscard]] static Request putRequest(const QString &key, const QByteArray &body);
    void prepare(void *curl, const QByteArray &url, const std::vector<QByteArray> &headers, void *list) const;

    S3Settings m_settings;
    QString m_bucket;
    Retry m_retry;
    void *m_curl = nullptr; // CURL*, kept for its connection.
};

/// How an answer of the object store reads as an Error (shared by the client and its tests).
namespace s3 {
/// Whether a failed attempt may pass when tried again.
[[nodiscard]] bool isRetryable(long status, const QByteArray &code);
/// The S3 error `<Code>` and `<Message>` of an XML error body (empty when there is none).
[[nodiscard]] std::pair<QByteArray, QString> errorCode(const QByteArray &body);
/// A backoff delay for try `attempt` (0-based) under `retry`, with full jitter.
[[nodiscard]] int backoffMs(const S3Client::Retry &retry, int attempt);
} // namespace s3

} // namespace tidemark
