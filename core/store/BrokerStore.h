#pragma once

#include "common/Error.h"
#include "store/Lmdb.h"

#include <QCoreApplication>
#include <QString>

#include <memory>

namespace tidemark {

/// The broker: `<broker>/meta` (LMDB, table `meta`: key `index` = highest index handed out,
/// key `term`, both 8-byte big-endian) and `<broker>/raft/{id,term,config}`.
///
/// Every accepted change to the node takes the next index here first, so the broker index is
/// never lower than any index recorded in the data. Not thread-safe: one owner.
class BrokerStore {
    Q_DECLARE_TR_FUNCTIONS(BrokerStore)

public:
    /// Opens or creates the broker in `dir`; `url` (e.g. http://127.0.0.1:8086) goes into a new
    /// raft config. An existing raft config is left as it is.
    [[nodiscard]] static Result<std::unique_ptr<BrokerStore>> open(const QString &dir, const QString &url);

    /// Writes a broker from scratch (used by restore): meta with `index` and term 1, and
    /// `raft/{id,term,config}` for a one-node cluster reachable at `url`.
    [[nodiscard]] static Status create(const QString &dir, quint64 index, const QString &url);

    /// The raft config JSON for a one-node cluster: {"clusterID":N,"maxNodeID":1,"nodes":[...]}.
    [[nodiscard]] static QByteArray raftConfigJson(quint64 clusterId, const QString &url);

    [[nodiscard]] quint64 index() const { return m_index; }
    /// Takes and durably records the next index.
    [[nodiscard]] Result<quint64> nextIndex();

private:
    BrokerStore() = default;
    std::unique_ptr<LmdbEnv> m_env;
    quint64 m_index = 0;
};

} // namespace tidemark
