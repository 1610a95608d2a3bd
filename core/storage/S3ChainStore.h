#pragma once

#include "storage/ChainStore.h"
#include "storage/S3Client.h"
#include "storage/S3Settings.h"

#include <QDateTime>

#include <optional>

namespace tidemark {

/// A chain on S3-compatible object storage, `s3://BUCKET/KEY`: the full snapshot is the object
/// `KEY`, the incrementals `KEY.0`, `KEY.1`, … (the seed's naming).
///
/// - A new link is a multipart upload: parts of 8 MiB (doubling every 1,000 parts, so any link
///   fits in S3's 10,000), each with Content-MD5, uploaded by a thread of its own while the next
///   part fills (two parts in memory at most); the link appears only with CompleteMultipartUpload. A Writer dropped
///   uncommitted aborts its upload; uploads that a killed writer left are aborted by the next backup
///   (removeLeftovers(), with the lock held) and listed as leftovers meanwhile.
/// - A link is read as a stream of range GETs (openLink() gives a random-access QIODevice, so the
///   final manifest is read from the end without the rest): at most a few MiB are buffered.
/// - The lock is the object `KEY.lock` holding its owner (host, pid, a random token) and an
///   expiry, renewed while it is held. A lock past its expiry, or one of a process of this host
///   that no longer runs, is taken over. The lock is written with a conditional PUT
///   (`If-None-Match: *` where there is none, `If-Match: ETAG` of the stale one read), so of two
///   writers that race for it the store lets one through (Ceph's gateway and AWS both check
///   these); renewals are conditional on the ETag written last. For stores that ignore the
///   conditions, the lock is read back after writing (the writer that reads another's token
///   gives way), and a link's commit checks the token once more before its upload completes.
/// - scratch() is a private directory under the system's temporary directory.
class S3ChainStore : public ChainStore {
    Q_DECLARE_TR_FUNCTIONS(S3ChainStore)

public:
    explicit S3ChainStore(const QString &location);

    [[nodiscard]] QString path() const override { return m_path; }
    [[nodiscard]] QString localDirectory() const override { return {}; }
    [[nodiscard]] Result<Listing> list() const override;
    [[nodiscard]] Result<std::unique_ptr<QIODevice>> openLink(int number) const override;
    [[nodiscard]] Result<std::unique_ptr<Writer>> createLink(int number) override;
    [[nodiscard]] Status removeLink(int number) override;
    [[nodiscard]] Result<std::unique_ptr<Lock>> lock() override;
    void removeLeftovers() override;
    void removeDeadScratch() override;
    [[nodiscard]] Result<std::unique_ptr<Scratch>> scratch() const override;
    [[nodiscard]] Result<std::optional<QByteArray>> readSidecar(const QString &name) const override;
    [[nodiscard]] Status writeSidecar(const QString &name, const QByteArray &bytes) override;
    [[nodiscard]] Status removeSidecar(const QString &name) override;

    /// The object key of link `number`.
    [[nodiscard]] QString linkKey(int number) const;
    /// The object key of the chain's lock.
    [[nodiscard]] QString lockKey() const;
    /// Whether the settings resolved and the bucket answers a listing of the chain's prefix
    /// (for a location's "test connection"): the objects found there. `retry` replaces the
    /// client's default policy (a test connection tries a refused endpoint twice, not eight times).
    [[nodiscard]] Result<std::vector<S3Client::Object>> probe(const std::optional<S3Client::Retry> &retry = {}) const;

    /// Part size of part `number` (1-based) of a new link.
    [[nodiscard]] static qint64 partSize(int number);
    static constexpr qint64 kFirstPartSize = 8 * 1024 * 1024;
    /// How long a lock holds without renewal, and how often it is renewed.
    static constexpr int kLockSeconds = 600;

private:
    [[nodiscard]] Result<std::unique_ptr<S3Client>> client() const;

    QString m_path;
    S3Url m_url;
    std::optional<Error> m_settingsError;
    S3Settings m_settings;
    QByteArray m_lockToken; ///< The token of the lock this store took; its links check it on commit.
};

} // namespace tidemark
