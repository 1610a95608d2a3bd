#include "tidemark/TidemarkPoints.h"

#include "store/KeyEncoding.h"
#include "store/ShardStore.h"

namespace tidemark {

namespace {

// The measurement as a series key spells it: `,` and ` ` escaped.
QByteArray escapedMeasurement(const QString &name)
{
    QByteArray out;
    for (const char c : name.toUtf8()) {
        if (c == ',' || c == ' ')
            out.append('\\');
        out.append(c);
    }
    return out;
}

// Splits an escaped series key (`m,k=v,…`) at its unescaped `,` and `=`, unescaping each part
// (a backslash escapes only `,`, ` ` and `=`, as in line protocol).
bool splitSeries(QByteArrayView key, ExportPoint *point)
{
    point->measurement.clear();
    point->tags.clear();
    QByteArray part;
    QByteArray tagKey;
    int index = 0; // 0 the measurement; then key, value, key, value…
    bool inValue = false;
    const auto flush = [&] {
        if (index == 0)
            point->measurement = part;
        else if (inValue)
            point->tags.emplace_back(tagKey, part);
        else
            return false;
        part.clear();
        return true;
    };
    for (qsizetype i = 0; i < key.size(); ++i) {
        const char c = key[i];
        if (c == '\\' && i + 1 < key.size()) {
            const char next = key[i + 1];
            if (next == ',' || next == ' ' || (next == '=' && index > 0)) {
                part.append(next);
                ++i;
                continue;
            }
            part.append(c);
            continue;
        }
        if (c == ',') {
            if (!flush())
                return false;
            ++index;
            inValue = false;
            continue;
        }
        if (c == '=' && index > 0 && !inValue) {
            tagKey = part;
            part.clear();
            inValue = true;
            continue;
        }
        part.append(c);
    }
    return flush() && !point->measurement.isEmpty();
}

ExportValue exportValue(const FieldValue &v)
{
    ExportValue out;
    switch (v.type) {
    case FieldValue::Type::Float:
        out.type = ExportValue::Type::Float;
        out.f = v.f;
        break;
    case FieldValue::Type::Integer:
        out.type = ExportValue::Type::Integer;
        out.i = v.i;
        break;
    case FieldValue::Type::Unsigned:
        out.type = ExportValue::Type::Unsigned;
        out.u = v.u;
        break;
    case FieldValue::Type::Boolean:
        out.type = ExportValue::Type::Boolean;
        out.b = v.b;
        break;
    case FieldValue::Type::String:
        out.type = ExportValue::Type::String;
        out.s = v.s;
        break;
    }
    return out;
}

class ShardSink : public ContentsReader::Sink {
public:
    ShardSink(const QString &path, std::function<Status(const QString &path)> read)
        : m_file(path), m_read(std::move(read))
    {
    }
    Status open() { return m_file.open(); }
    Status write(const char *bytes, qsizetype size) override { return m_file.write(bytes, size); }
    Status finish() override
    {
        if (Status s = m_file.close(); !s)
            return s;
        Status read = m_read(m_file.path());
        m_file.remove(); // As soon as the shard is done.
        return read;
    }
    Status finishWith(const QString &path) override
    {
        m_file.remove(); // A rebuilt file is read where it is.
        return m_read(path);
    }

private:
    ScratchFile m_file;
    std::function<Status(const QString &path)> m_read;
};

class TidemarkSession : public PointReader::Session {
public:
    TidemarkSession(const PointReader::Filter &filter, PointWriter &out) : m_out(out)
    {
        m_range.measurement = filter.measurement.isEmpty() ? QByteArray() : escapedMeasurement(filter.measurement);
        m_range.start = filter.start;
        m_range.end = filter.end;
    }

    Result<std::unique_ptr<ContentsReader::Sink>> openMeta(const ContentsReader::Context &) override
    {
        return std::unique_ptr<ContentsReader::Sink>();
    }

    Result<std::unique_ptr<ContentsReader::Sink>> openShard(const ContentsReader::Context &context,
                                                            const PointReader::Shard &shard) override
    {
        const QString source = context.source;
        const std::atomic_bool *cancelled = context.cancelled;
        const quint64 id = shard.id;
        auto sink = std::make_unique<ShardSink>(
            context.scratchDir + QStringLiteral("/export-shard-%1").arg(id),
            [this, source, id, cancelled](const QString &path) { return readShard(path, source, id, cancelled); });
        if (Status s = sink->open(); !s)
            return s.error();
        return std::unique_ptr<ContentsReader::Sink>(std::move(sink));
    }

    Status finish(const ContentsReader::Context &) override { return {}; }
    bool measurementSeen() const override { return m_seen; }

private:
    Status readShard(const QString &path, const QString &source, quint64 id, const std::atomic_bool *cancelled)
    {
        ExportPoint point;
        QByteArray lastSeries;
        std::vector<Field> fields;
        Status failed;
        bool seen = false;
        const auto malformed = [&](const QString &what) {
            return makeError(ErrorCode::Integrity,
                             TidemarkPoints::tr("%1: shard %2 holds a malformed %3").arg(source).arg(id).arg(what),
                             TidemarkPoints::tr("Run `tidemark-cli verify` on the chain."));
        };
        Status walked = ShardStore::forEachPoint(
            path, m_range,
            [&](const ShardStore::StoredPoint &stored) {
                if (stored.series != lastSeries) {
                    lastSeries = stored.series.toByteArray();
                    if (!splitSeries(stored.series, &point)) {
                        failed = malformed(TidemarkPoints::tr("series key"));
                        return false;
                    }
                }
                if (!keys::decodeFields(stored.fields, &fields)) {
                    failed = malformed(TidemarkPoints::tr("point"));
                    return false;
                }
                point.time = stored.time;
                point.fields.clear();
                for (const Field &field : fields)
                    point.fields.emplace_back(field.key, exportValue(field.value));
                failed = m_out.write(point);
                return failed.ok();
            },
            &seen, cancelled);
        m_seen = m_seen || seen;
        if (!walked)
            return makeError(walked.error().code,
                             TidemarkPoints::tr("%1: shard %2: %3").arg(source).arg(id).arg(walked.error().message),
                             walked.error().hint);
        return failed;
    }

    PointWriter &m_out;
    ShardStore::PointRange m_range;
    bool m_seen = false;
};

} // namespace

Result<std::unique_ptr<PointReader::Session>> TidemarkPoints::begin(const Filter &filter, PointWriter &out) const
{
    return std::unique_ptr<Session>(std::make_unique<TidemarkSession>(filter, out));
}

} // namespace tidemark
