#pragma once

#include "common/Error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <vector>

namespace tidemark {

/// The JSON messages of the snapshot protocol, version 1 (see core/protocol/README.md).
namespace protocol {

constexpr int kVersion = 1;

/// Status codes, meaning what HTTP's mean.
enum Status : int {
    Ok = 200,
    BadRequest = 400,
    Unauthorized = 401,
    NotFound = 404,           ///< `[snapshot] enabled = false` (the seed's "404").
    Conflict = 409,           ///< Too many snapshots at once.
    PreconditionFailed = 412, ///< An import's target exists (on-conflict fail): ErrorCode::Conflict.
    Unprocessable = 422,      ///< An import's file is not what its plan says (size, checksum, no shard).
    ServerError = 500,
};

/// The ErrorCode a client reports for a non-200 status.
[[nodiscard]] ErrorCode errorCodeFor(int status);

struct Hello {
    int protocol = kVersion;
    QString node;     ///< e.g. "tidemarkd 0.1.0"
    QByteArray nonce; ///< 32 random bytes, base64 on the wire.
    bool authRequired = false;

    [[nodiscard]] QByteArray toJson() const;
    [[nodiscard]] static Result<Hello> fromJson(const QByteArray &json);
};

/// What an `import` request carries: the database as the node will hold it and each shard file
/// the client sends next, in order (core/protocol/README.md, *Import*).
struct ImportPlan {
    struct Policy {
        QString name;
        qint64 durationNs = 0;
        qint64 shardGroupDurationNs = 0;
        int replicaN = 1;
    };
    struct Shard {
        quint64 sourceId = 0; ///< The id in the chain, for messages.
        QString retentionPolicy;
        qint64 startNs = 0;
        qint64 endNs = 0;
        qint64 size = 0;
        QString checksum; ///< xxh3-128 hex of the file's bytes.
    };
    QString database; ///< The name on the node.
    QString defaultRetentionPolicy;
    std::vector<Policy> policies;
    QString onConflict = QStringLiteral("fail"); ///< fail, skip or replace.
    std::vector<Shard> shards;

    [[nodiscard]] qint64 totalBytes() const;
    [[nodiscard]] QJsonObject toJson() const;
    /// Protocol error naming the field when one is missing, of the wrong type or out of range.
    [[nodiscard]] static Result<ImportPlan> fromJson(const QJsonObject &json);
};

struct Request {
    enum class Command { NodeInfo, Snapshot, Import };
    int protocol = kVersion;
    Command command = Command::NodeInfo;
    QString auth;            ///< authProof(token, nonce), or empty.
    QByteArray baseManifest; ///< Snapshot: the client's merged manifest JSON; empty = full snapshot.
    QString chainId;         ///< Snapshot: the chain this link belongs to.
    bool compress = false;   ///< Snapshot: zstd-compress the archive stream.
    /// Snapshot, with `compress`: the zstd level (-7 to -1, zstd's fast levels, or 1–19); 0 = the node's default (3).
    /// Sent as `compressionLevel` only when not 0, so a request without it is what older clients sent.
    int compressionLevel = 0;
    /// Snapshot, with `compress`: zstd worker threads on the node; -1 = the node's choice (one per
    /// core), 0 = none. Sent as `compressionThreads` only when not -1. The node caps it at its cores.
    int compressionThreads = -1;
    /// Snapshot: the client reads block links (archive format 3), so the node may send a file the
    /// base lists with its checksum as only its changed blocks. Sent as `"blockLinks":true` only
    /// when set: an older client never gets them.
    bool blockLinks = false;
    /// Import: the plan, as `"import":{...}`.
    ImportPlan importPlan;

    [[nodiscard]] QByteArray toJson() const;
    [[nodiscard]] static Result<Request> fromJson(const QByteArray &json);
};

/// `{"status":N,"message":"...", ...extra}`.
[[nodiscard]] QByteArray response(int status, const QString &message, const QJsonObject &extra = {});
struct Response {
    int status = 0;
    QString message;
    QJsonObject body;
    [[nodiscard]] static Result<Response> fromJson(const QByteArray &json);
};

/// The node's 200 to a snapshot request, before the archive stream: what it will send.
/// `{"status":200,"message":"OK","files":[{"name","size","index"}...],"totalBytes":N,"index":N}`.
/// No files: nothing changed since the base manifest, and the End frame follows at once.
struct SnapshotAnswer {
    struct File {
        QString name;
        /// -1 (ManifestFile::kUnknownSize) for a block link, whose size is known only once sent:
        /// written without `size`.
        qint64 size = 0;
        quint64 index = 0;
    };
    std::vector<File> files;
    qint64 totalBytes = 0; ///< Sum of the files' known sizes: the bytes of progress.
    quint64 index = 0;     ///< The highest index of the snapshot.
    /// With compression: the zstd level and worker threads the node uses (`compressionLevel`,
    /// `compressionThreads`); 0 and -1 from an older node that does not say (it uses level 3 and
    /// no worker threads, whatever was asked).
    int compressionLevel = 0;
    int compressionThreads = -1;

    /// The extra fields of the 200 response.
    [[nodiscard]] QJsonObject toJson() const;
    /// From a 200 response's body; a field of the wrong type or a negative size is a Protocol error.
    [[nodiscard]] static Result<SnapshotAnswer> fromJson(const QJsonObject &body);
};

/// Hex HMAC-SHA256 of the node's nonce under the shared token: the token never crosses the wire.
[[nodiscard]] QString authProof(const QByteArray &token, const QByteArray &nonce);
/// Constant-time comparison of two proofs.
[[nodiscard]] bool proofsEqual(const QString &a, const QString &b);

/// What `node-info` answers.
struct NodeInfo {
    struct Shard {
        quint64 id = 0;
        QString database;
        QString retentionPolicy;
        quint64 index = 0;
        qint64 bytes = 0;
        qint64 startNs = 0; ///< The shard group's time range (`start`, `end`; 0 from older nodes).
        qint64 endNs = 0;
    };
    quint64 nodeId = 0;
    QString version;
    QString clusterUrl;
    quint64 index = 0;
    bool snapshotsEnabled = false;
    QStringList databases;
    std::vector<Shard> shards;
    qint64 bytes = 0; ///< Meta store plus shards on disk.

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static NodeInfo fromJson(const QJsonObject &json);
};

} // namespace protocol
} // namespace tidemark
