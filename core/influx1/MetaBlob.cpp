#include "influx1/MetaBlob.h"

#include <functional>
#include <optional>

namespace tidemark {

namespace {

// One level of the protocol buffer wire format: tag (field << 3 | wire type) and value.
class WireReader {
public:
    explicit WireReader(QByteArrayView bytes) : m_bytes(bytes) {}

    [[nodiscard]] bool atEnd() const { return m_pos == m_bytes.size(); }

    std::optional<quint64> varint()
    {
        quint64 value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_pos >= m_bytes.size())
                return std::nullopt;
            const auto byte = static_cast<quint8>(m_bytes[m_pos++]);
            value |= static_cast<quint64>(byte & 0x7f) << shift;
            if ((byte & 0x80) == 0)
                return value;
        }
        return std::nullopt;
    }

    // Calls `field(number, wireType, varintValue, bytes)` for each field; false on malformed input.
    bool forEach(const std::function<void(quint64, int, quint64, QByteArrayView)> &field)
    {
        while (!atEnd()) {
            const auto tag = varint();
            if (!tag || (*tag >> 3) == 0)
                return false;
            const int wireType = static_cast<int>(*tag & 7);
            quint64 value = 0;
            QByteArrayView bytes;
            switch (wireType) {
            case 0: {
                const auto v = varint();
                if (!v)
                    return false;
                value = *v;
                break;
            }
            case 1:
            case 5: {
                const qsizetype n = wireType == 1 ? 8 : 4;
                if (m_bytes.size() - m_pos < n)
                    return false;
                bytes = m_bytes.sliced(m_pos, n);
                m_pos += n;
                break;
            }
            case 2: {
                const auto length = varint();
                if (!length || *length > static_cast<quint64>(m_bytes.size() - m_pos))
                    return false;
                bytes = m_bytes.sliced(m_pos, static_cast<qsizetype>(*length));
                m_pos += static_cast<qsizetype>(*length);
                break;
            }
            default: // Groups (3, 4) are not used by meta.Data; 6 and 7 do not exist.
                return false;
            }
            field(*tag >> 3, wireType, value, bytes);
        }
        return true;
    }

private:
    QByteArrayView m_bytes;
    qsizetype m_pos = 0;
};

// A DatabaseInfo: its name, its retention policies, and the shards of their live shard groups.
bool readDatabase(QByteArrayView bytes, MetaBlob *meta)
{
    QString name;
    QString defaultPolicy;
    std::vector<QByteArrayView> policies;
    if (!WireReader(bytes).forEach([&](quint64 f, int w, quint64, QByteArrayView b) {
            if (f == 1 && w == 2)
                name = QString::fromUtf8(b);
            else if (f == 2 && w == 2)
                defaultPolicy = QString::fromUtf8(b);
            else if (f == 3 && w == 2)
                policies.push_back(b);
        }))
        return false;
    meta->databases << name;
    for (const QByteArrayView policy : policies) {
        MetaBlob::RetentionPolicy rp;
        rp.database = name;
        std::vector<QByteArrayView> groups;
        // int64 fields are varints of the two's complement (negative ones take ten bytes).
        if (!WireReader(policy).forEach([&](quint64 f, int w, quint64 v, QByteArrayView b) {
                if (f == 1 && w == 2)
                    rp.name = QString::fromUtf8(b);
                else if (f == 2 && w == 0)
                    rp.durationNs = static_cast<qint64>(v);
                else if (f == 3 && w == 0)
                    rp.shardGroupDurationNs = static_cast<qint64>(v);
                else if (f == 4 && w == 0)
                    rp.replicaN = static_cast<quint32>(v);
                else if (f == 5 && w == 2)
                    groups.push_back(b);
            }))
            return false;
        rp.isDefault = rp.name == defaultPolicy;
        meta->retentionPolicies.push_back(rp);
        for (const QByteArrayView group : groups) {
            quint64 deletedAt = 0;
            qint64 start = 0;
            qint64 end = 0;
            std::vector<quint64> ids;
            bool shardsOk = true;
            if (!WireReader(group).forEach([&](quint64 f, int w, quint64 v, QByteArrayView b) {
                    if (f == 2 && w == 0)
                        start = static_cast<qint64>(v);
                    else if (f == 3 && w == 0)
                        end = static_cast<qint64>(v);
                    else if (f == 4 && w == 0)
                        deletedAt = v;
                    else if (f == 5 && w == 2)
                        shardsOk = WireReader(b).forEach([&](quint64 sf, int sw, quint64 sv, QByteArrayView) {
                            if (sf == 1 && sw == 0)
                                ids.push_back(sv);
                        }) && shardsOk;
                }) ||
                !shardsOk)
                return false;
            if (deletedAt != 0)
                continue;
            for (const quint64 id : ids)
                meta->shards.push_back({name, rp.name, id, start, end});
        }
    }
    return true;
}

// Appends one field as the wire format has it (the inverse of WireReader::forEach).
void putVarint(QByteArray &out, quint64 value)
{
    while (value >= 0x80) {
        out += static_cast<char>((value & 0x7f) | 0x80);
        value >>= 7;
    }
    out += static_cast<char>(value);
}

void putField(QByteArray &out, quint64 field, int wireType, quint64 value, QByteArrayView bytes)
{
    putVarint(out, field << 3 | static_cast<quint64>(wireType));
    if (wireType == 0)
        putVarint(out, value);
    else if (wireType == 2) {
        putVarint(out, static_cast<quint64>(bytes.size()));
        out.append(bytes);
    } else
        out.append(bytes);
}

// A copy of `bytes` (one message) without the fields `drop` says no to, and with the nested
// messages `rewrite` gives for the fields it handles; false on malformed input.
using Rewrite = std::function<std::optional<QByteArray>(quint64 field, int wireType, QByteArrayView bytes, bool *keep)>;
bool copyMessage(QByteArrayView bytes, QByteArray &out, const Rewrite &rewrite)
{
    bool ok = true;
    if (!WireReader(bytes).forEach([&](quint64 f, int w, quint64 v, QByteArrayView b) {
            bool keep = true;
            const std::optional<QByteArray> nested = rewrite(f, w, b, &keep);
            if (!keep)
                return;
            if (nested)
                putField(out, f, 2, 0, *nested);
            else
                putField(out, f, w, v, b);
        }))
        ok = false;
    return ok;
}

} // namespace

Result<QByteArray> MetaBlob::selection(QByteArrayView blob, const QString &database, const QString &retentionPolicy,
                                       const QList<quint64> &shardIds, const QString &source)
{
    bool ok = true;
    const auto shardsWanted = [&](QByteArrayView group) {
        quint64 deletedAt = 0;
        bool any = shardIds.isEmpty();
        ok = WireReader(group).forEach([&](quint64 f, int w, quint64 v, QByteArrayView b) {
            if (f == 4 && w == 0)
                deletedAt = v;
            else if (f == 5 && w == 2)
                WireReader(b).forEach([&](quint64 sf, int sw, quint64 sv, QByteArrayView) {
                    if (sf == 1 && sw == 0 && shardIds.contains(sv))
                        any = true;
                });
        }) && ok;
        return deletedAt == 0 && any;
    };
    const auto policy = [&](QByteArrayView bytes, bool *keep) -> std::optional<QByteArray> {
        QString name;
        WireReader(bytes).forEach([&](quint64 f, int w, quint64, QByteArrayView b) {
            if (f == 1 && w == 2)
                name = QString::fromUtf8(b);
        });
        if (!retentionPolicy.isEmpty() && name != retentionPolicy) {
            *keep = false;
            return std::nullopt;
        }
        QByteArray out;
        ok = copyMessage(bytes, out,
                         [&](quint64 f, int w, QByteArrayView b, bool *k) -> std::optional<QByteArray> {
                             if (f == 6 && w == 2)
                                 *k = false; // Subscriptions.
                             else if (f == 5 && w == 2)
                                 *k = shardsWanted(b);
                             return std::nullopt;
                         }) &&
             ok;
        return out;
    };
    bool found = false;
    QByteArray out;
    ok = copyMessage(blob, out,
                     [&](quint64 f, int w, QByteArrayView b, bool *keep) -> std::optional<QByteArray> {
                         if (f == 6 && w == 2) { // Users.
                             *keep = false;
                             return std::nullopt;
                         }
                         if (f != 5 || w != 2)
                             return std::nullopt;
                         QString name;
                         WireReader(b).forEach([&](quint64 df, int dw, quint64, QByteArrayView db) {
                             if (df == 1 && dw == 2)
                                 name = QString::fromUtf8(db);
                         });
                         if (name != database) {
                             *keep = false;
                             return std::nullopt;
                         }
                         found = true;
                         QByteArray copy;
                         ok = copyMessage(
                                  b, copy,
                                  [&](quint64 df, int dw, QByteArrayView db, bool *k) -> std::optional<QByteArray> {
                                      if (df == 3 && dw == 2)
                                          return policy(db, k);
                                      return std::nullopt;
                                  }) &&
                              ok;
                         return copy;
                     }) &&
         ok;
    if (!ok)
        return makeError(
            ErrorCode::Integrity,
            tr("The InfluxDB meta store from '%1' is damaged: it is not a well-formed protocol buffer").arg(source),
            tr("Take a new full backup of the node."));
    if (!found)
        return makeError(ErrorCode::NotFound,
                         tr("The InfluxDB meta store from '%1' has no database '%2'").arg(source, database));
    return out;
}

Result<MetaBlob> MetaBlob::parse(QByteArrayView blob, const QString &source)
{
    const auto bad = [&](const QString &why) {
        return makeError(ErrorCode::Integrity, tr("The InfluxDB meta store from '%1' is damaged: %2").arg(source, why),
                         tr("Take a new full backup of the node."));
    };
    MetaBlob meta;
    bool hasIndex = false;
    bool databasesOk = true;
    WireReader reader(blob);
    const bool ok = reader.forEach([&](quint64 field, int wireType, quint64 value, QByteArrayView bytes) {
        if (wireType == 0 && field == 1)
            meta.term = value;
        else if (wireType == 0 && field == 2) {
            meta.index = value;
            hasIndex = true;
        } else if (wireType == 0 && field == 3)
            meta.clusterId = value;
        else if (wireType == 2 && field == 5)
            databasesOk = readDatabase(bytes, &meta) && databasesOk;
    });
    if (!ok || !databasesOk)
        return bad(tr("it is not a well-formed protocol buffer"));
    if (!hasIndex)
        return bad(tr("it has no index"));
    return meta;
}

} // namespace tidemark
