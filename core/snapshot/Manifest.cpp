#include "snapshot/Manifest.h"

#include "snapshot/Checksum.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSet>

#include <algorithm>
#include <limits>
#include <map>
#include <optional>

namespace tidemark {

namespace {

const QString kMetaName = QStringLiteral("meta");
const QString kShardPrefix = QStringLiteral("shards/");

// ---- writing ----------------------------------------------------------------------------------

// A JSON string literal. Written by hand (not via QJsonObject) so the keys keep the documented
// order, which makes manifests diffable and easy to read in `tar -xOf snap manifest`.
void appendString(QByteArray &out, const QString &text)
{
    out += '"';
    const QByteArray utf8 = text.toUtf8();
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20) {
            out += "\\u00";
            out += QByteArray::number(byte, 16).rightJustified(2, '0');
        } else {
            out += c;
        }
    }
    out += '"';
}

void appendKey(QByteArray &out, const char *key)
{
    out += '"';
    out += key;
    out += "\":";
}

QByteArray fileJson(const ManifestFile &file)
{
    QByteArray out = "{";
    appendKey(out, "name");
    appendString(out, file.name);
    if (file.size != ManifestFile::kUnknownSize) {
        out += ',';
        appendKey(out, "size");
        out += QByteArray::number(file.size);
        out += ',';
        appendKey(out, "index");
        out += QByteArray::number(file.index);
    } else if (file.isBlockLink()) { // A block link's head: its index, its size to come.
        out += ',';
        appendKey(out, "index");
        out += QByteArray::number(file.index);
    }
    if (!file.checksum.isEmpty()) {
        out += ',';
        appendKey(out, "checksum");
        appendString(out, file.checksum);
    }
    if (!file.boundary.isEmpty()) {
        out += ',';
        appendKey(out, "boundary");
        out += '[';
        for (qsizetype i = 0; i < file.boundary.size(); ++i) {
            if (i > 0)
                out += ',';
            appendString(out, file.boundary[i]);
        }
        out += ']';
    }
    if (file.isBlockLink()) {
        out += ',';
        appendKey(out, "blocks");
        out += '{';
        appendKey(out, "blockSize");
        out += QByteArray::number(file.blocks.blockSize);
        out += ',';
        appendKey(out, "base");
        appendString(out, file.blocks.base);
        if (!file.blocks.fileChecksum.isEmpty()) {
            out += ',';
            appendKey(out, "fileSize");
            out += QByteArray::number(file.blocks.fileSize);
            out += ',';
            appendKey(out, "fileChecksum");
            appendString(out, file.blocks.fileChecksum);
        }
        out += '}';
    }
    if (file.isRefLink()) {
        out += ',';
        appendKey(out, "refs");
        out += '{';
        appendKey(out, "base");
        appendString(out, file.refs.base);
        if (!file.refs.fileChecksum.isEmpty()) {
            out += ',';
            appendKey(out, "fileSize");
            out += QByteArray::number(file.refs.fileSize);
            out += ',';
            appendKey(out, "fileChecksum");
            appendString(out, file.refs.fileChecksum);
        }
        out += '}';
    }
    out += '}';
    return out;
}

// ---- reading ----------------------------------------------------------------------------------

// Collects the first validation failure; every message names the source.
class Reader {
public:
    explicit Reader(const QString &source) : m_source(source) {}

    Error error(const QString &detail, const QString &hint = {}) const
    {
        return makeError(ErrorCode::Integrity,
                         Manifest::tr("Invalid snapshot manifest from '%1': %2").arg(m_source, detail),
                         hint.isEmpty() ? Manifest::tr("The snapshot is damaged or was not written by Tidemark; "
                                                       "take a new backup.")
                                        : hint);
    }

    // A required non-negative integer. QJsonValue::toInteger() is exact for values up to
    // 2^63-1 because Qt's parser keeps integral numbers as qint64; larger values are refused.
    std::optional<Error> integer(const QJsonObject &object, const QString &where, const QString &key, qint64 *out) const
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined())
            return error(Manifest::tr("%1 has no '%2'").arg(where, key));
        const qint64 number = value.isDouble() ? value.toInteger(-1) : -1;
        if (number < 0)
            return error(Manifest::tr("'%1' of %2 must be a non-negative integer").arg(key, where));
        *out = number;
        return std::nullopt;
    }

    std::optional<Error> string(const QJsonObject &object, const QString &where, const QString &key, QString *out) const
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined())
            return error(Manifest::tr("%1 has no '%2'").arg(where, key));
        if (!value.isString())
            return error(Manifest::tr("'%1' of %2 must be a string").arg(key, where));
        *out = value.toString();
        return std::nullopt;
    }

    std::optional<Error> boolean(const QJsonObject &object, const QString &where, const QString &key, bool *out) const
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined())
            return error(Manifest::tr("%1 has no '%2'").arg(where, key));
        if (!value.isBool())
            return error(Manifest::tr("'%1' of %2 must be true or false").arg(key, where));
        *out = value.toBool();
        return std::nullopt;
    }

private:
    const QString &m_source;
};

std::optional<Error> readFile(const Reader &reader, const QJsonValue &value, qsizetype position, int format,
                              ManifestFile *out)
{
    const QString where = Manifest::tr("file #%1").arg(position + 1);
    if (!value.isObject())
        return reader.error(Manifest::tr("%1 must be an object").arg(where));
    const QJsonObject object = value.toObject();
    if (auto e = reader.string(object, where, QStringLiteral("name"), &out->name))
        return e;
    if (!Manifest::isValidFileName(out->name))
        return reader.error(
            Manifest::tr("%1 has an invalid name '%2' (expected 'meta' or 'shards/<id>')").arg(where, out->name));
    const QString named = QStringLiteral("'%1'").arg(out->name);
    if (object.value(QStringLiteral("size")).isDouble() && object.value(QStringLiteral("size")).toDouble() < 0)
        return reader.error(Manifest::tr("file %1 has a negative size").arg(named));
    qint64 index = 0;
    const QJsonValue blocks = object.value(QStringLiteral("blocks"));
    if (!blocks.isUndefined() && format < Manifest::kFormatBlockLinks)
        return reader.error(Manifest::tr("file %1 is a block link ('blocks'), which format %2 cannot hold (format %3 "
                                         "can)")
                                .arg(named)
                                .arg(format)
                                .arg(Manifest::kFormatBlockLinks));
    const QJsonValue refs = object.value(QStringLiteral("refs"));
    if (!refs.isUndefined() && format < Manifest::kFormatRefLinks)
        return reader.error(Manifest::tr("file %1 is a reference link ('refs'), which format %2 cannot hold (format "
                                         "%3 can)")
                                .arg(named)
                                .arg(format)
                                .arg(Manifest::kFormatRefLinks));
    if (!refs.isUndefined() && !blocks.isUndefined())
        return reader.error(Manifest::tr("file %1 is both a block link and a reference link").arg(named));
    // Format 2: a head may list a file by name only, its size and index to come in the final
    // manifest (both keys absent). Format 3: a block link's head has its index, not its size.
    if (format >= Manifest::kFormatChecksumsLast && !object.contains(QStringLiteral("size")) &&
        !object.contains(QStringLiteral("index"))) {
        out->size = ManifestFile::kUnknownSize;
        index = 0;
    } else if (!blocks.isUndefined() && !object.contains(QStringLiteral("size"))) {
        out->size = ManifestFile::kUnknownSize;
        if (auto e = reader.integer(object, named, QStringLiteral("index"), &index))
            return e;
    } else {
        if (auto e = reader.integer(object, named, QStringLiteral("size"), &out->size))
            return e;
        if (auto e = reader.integer(object, named, QStringLiteral("index"), &index))
            return e;
    }
    out->index = static_cast<quint64>(index);
    // Format 2 writes a head without checksums (they come in the archive's final manifest).
    const bool optional = format >= Manifest::kFormatChecksumsLast;
    if (!optional || object.contains(QStringLiteral("checksum"))) {
        if (auto e = reader.string(object, named, QStringLiteral("checksum"), &out->checksum))
            return e;
        if (!Checksum::isValidHex(out->checksum))
            return reader.error(Manifest::tr("file %1 has an invalid checksum '%2' (expected 32 lower-case hex digits)")
                                    .arg(named, out->checksum));
    }
    const QJsonValue boundary = object.value(QStringLiteral("boundary"));
    if (!boundary.isUndefined()) {
        if (!boundary.isArray())
            return reader.error(Manifest::tr("'boundary' of file %1 must be an array of strings").arg(named));
        for (const QJsonValue &entry : boundary.toArray()) {
            if (!entry.isString() || entry.toString().isEmpty())
                return reader.error(Manifest::tr("'boundary' of file %1 must be an array of strings").arg(named));
            out->boundary << entry.toString();
        }
    }
    if (!blocks.isUndefined()) {
        const QString whereBlocks = Manifest::tr("'blocks' of file %1").arg(named);
        if (!blocks.isObject())
            return reader.error(Manifest::tr("%1 must be an object").arg(whereBlocks));
        const QJsonObject b = blocks.toObject();
        qint64 blockSize = 0;
        if (auto e = reader.integer(b, whereBlocks, QStringLiteral("blockSize"), &blockSize))
            return e;
        if (blockSize < BlockLink::kMinBlockSize || blockSize > BlockLink::kMaxBlockSize ||
            (blockSize & (blockSize - 1)) != 0)
            return reader.error(Manifest::tr("%1 has a block size of %2 (expected a power of two from %3 to %4)")
                                    .arg(whereBlocks)
                                    .arg(blockSize)
                                    .arg(BlockLink::kMinBlockSize)
                                    .arg(BlockLink::kMaxBlockSize));
        out->blocks.blockSize = static_cast<qint32>(blockSize);
        if (auto e = reader.string(b, whereBlocks, QStringLiteral("base"), &out->blocks.base))
            return e;
        if (!Checksum::isValidHex(out->blocks.base))
            return reader.error(Manifest::tr("%1 has an invalid base '%2' (expected 32 lower-case hex digits)")
                                    .arg(whereBlocks, out->blocks.base));
        // Both or neither: a head says neither, a final manifest both.
        if (b.contains(QStringLiteral("fileSize")) || b.contains(QStringLiteral("fileChecksum"))) {
            if (auto e = reader.integer(b, whereBlocks, QStringLiteral("fileSize"), &out->blocks.fileSize))
                return e;
            if (auto e = reader.string(b, whereBlocks, QStringLiteral("fileChecksum"), &out->blocks.fileChecksum))
                return e;
            if (!Checksum::isValidHex(out->blocks.fileChecksum))
                return reader.error(
                    Manifest::tr("%1 has an invalid file checksum '%2' (expected 32 lower-case hex digits)")
                        .arg(whereBlocks, out->blocks.fileChecksum));
        }
        if (out->blocks.fileChecksum.isEmpty() != out->checksum.isEmpty())
            return reader.error(Manifest::tr("%1 must have a file size and checksum exactly when the file has a "
                                             "checksum")
                                    .arg(whereBlocks));
    }
    if (!refs.isUndefined()) {
        const QString whereRefs = Manifest::tr("'refs' of file %1").arg(named);
        if (!refs.isObject())
            return reader.error(Manifest::tr("%1 must be an object").arg(whereRefs));
        const QJsonObject r = refs.toObject();
        if (auto e = reader.string(r, whereRefs, QStringLiteral("base"), &out->refs.base))
            return e;
        if (!Checksum::isValidHex(out->refs.base))
            return reader.error(Manifest::tr("%1 has an invalid base '%2' (expected 32 lower-case hex digits)")
                                    .arg(whereRefs, out->refs.base));
        // Both or neither: a head says neither, a final manifest both.
        if (r.contains(QStringLiteral("fileSize")) || r.contains(QStringLiteral("fileChecksum"))) {
            if (auto e = reader.integer(r, whereRefs, QStringLiteral("fileSize"), &out->refs.fileSize))
                return e;
            if (auto e = reader.string(r, whereRefs, QStringLiteral("fileChecksum"), &out->refs.fileChecksum))
                return e;
            if (!Checksum::isValidHex(out->refs.fileChecksum))
                return reader.error(
                    Manifest::tr("%1 has an invalid file checksum '%2' (expected 32 lower-case hex digits)")
                        .arg(whereRefs, out->refs.fileChecksum));
        }
        if (out->refs.fileChecksum.isEmpty() != out->checksum.isEmpty())
            return reader.error(Manifest::tr("%1 must have a file size and checksum exactly when the file has a "
                                             "checksum")
                                    .arg(whereRefs));
    }
    return std::nullopt;
}

std::optional<Error> readFiles(const Reader &reader, const QJsonObject &root, int format,
                               std::vector<ManifestFile> *out)
{
    const QJsonValue value = root.value(QStringLiteral("files"));
    if (value.isUndefined())
        return reader.error(Manifest::tr("the manifest has no 'files'"));
    if (!value.isArray())
        return reader.error(Manifest::tr("'files' must be an array"));
    const QJsonArray array = value.toArray();
    QSet<QString> names;
    out->reserve(static_cast<size_t>(array.size()));
    for (qsizetype i = 0; i < array.size(); ++i) {
        ManifestFile file;
        if (auto e = readFile(reader, array.at(i), i, format, &file))
            return e;
        if (names.contains(file.name))
            return reader.error(Manifest::tr("file '%1' is listed twice").arg(file.name));
        names.insert(file.name);
        out->push_back(std::move(file));
    }
    return std::nullopt;
}

std::optional<Error> readHeader(const Reader &reader, const QJsonObject &root, Manifest *m)
{
    const QString where = Manifest::tr("the manifest");
    qint64 number = 0;
    if (auto e = reader.integer(root, where, QStringLiteral("nodeId"), &number))
        return e;
    m->nodeId = static_cast<quint64>(number);
    if (auto e = reader.string(root, where, QStringLiteral("clusterUrl"), &m->clusterUrl))
        return e;
    QString created;
    if (auto e = reader.string(root, where, QStringLiteral("created"), &created))
        return e;
    m->created = QDateTime::fromString(created, Qt::ISODateWithMs);
    if (!m->created.isValid())
        return reader.error(Manifest::tr("'created' is not an ISO 8601 time: '%1'").arg(created));
    m->created = m->created.toUTC();
    if (auto e = reader.string(root, where, QStringLiteral("chainId"), &m->chainId))
        return e;
    if (m->chainId.isEmpty())
        return reader.error(Manifest::tr("'chainId' is empty"));
    if (auto e = reader.boolean(root, where, QStringLiteral("incremental"), &m->incremental))
        return e;
    if (auto e = reader.integer(root, where, QStringLiteral("index"), &number))
        return e;
    m->index = static_cast<quint64>(number);
    QString algorithm;
    if (auto e = reader.string(root, where, QStringLiteral("checksum"), &algorithm))
        return e;
    if (algorithm != QLatin1String(Checksum::kAlgorithm))
        return reader.error(Manifest::tr("unknown checksum algorithm '%1' (this Tidemark knows '%2')")
                                .arg(algorithm, QLatin1String(Checksum::kAlgorithm)));
    return std::nullopt;
}

// Archive order: `meta` first, then by name.
bool archiveOrder(const ManifestFile &a, const ManifestFile &b)
{
    const bool aMeta = a.name == kMetaName;
    const bool bMeta = b.name == kMetaName;
    if (aMeta != bMeta)
        return aMeta;
    return a.name < b.name;
}

} // namespace

QByteArray Manifest::toJson() const
{
    const QByteArray content = unsealedJson();
    Checksum seal;
    seal.add(content);
    QByteArray out = content.chopped(1);
    out += ',';
    appendKey(out, "seal");
    appendString(out, seal.hex());
    out += '}';
    return out;
}

QByteArray Manifest::unsealedJson() const
{
    QByteArray out = "{";
    appendKey(out, "format");
    out += QByteArray::number(format) + ',';
    if (kind != Kind::Tidemark) {
        appendKey(out, "kind");
        appendString(out, kindName(kind));
        out += ',';
    }
    appendKey(out, "nodeId");
    out += QByteArray::number(nodeId) + ',';
    appendKey(out, "clusterUrl");
    appendString(out, clusterUrl);
    out += ',';
    appendKey(out, "created");
    appendString(out, created.toUTC().toString(Qt::ISODateWithMs));
    out += ',';
    appendKey(out, "chainId");
    appendString(out, chainId);
    out += ',';
    appendKey(out, "incremental");
    out += incremental ? "true," : "false,";
    appendKey(out, "index");
    out += QByteArray::number(index) + ',';
    appendKey(out, "checksum");
    appendString(out, QLatin1String(Checksum::kAlgorithm));
    out += ',';
    appendKey(out, "files");
    out += '[';
    for (size_t i = 0; i < files.size(); ++i) {
        if (i > 0)
            out += ',';
        out += fileJson(files[i]);
    }
    out += "]}";
    return out;
}

Result<Manifest> Manifest::fromJson(QByteArrayView json, const QString &source, Seal seal)
{
    const Reader reader(source);
    // Checked before parsing so a hostile peer cannot make us build a huge DOM.
    if (json.size() > kMaxJsonBytes)
        return reader.error(tr("it has %1 bytes, more than the limit of %2").arg(json.size()).arg(kMaxJsonBytes));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return reader.error(tr("not valid JSON (%1 at byte %2)").arg(parseError.errorString()).arg(parseError.offset));
    if (!document.isObject())
        return reader.error(tr("the JSON is not an object"));
    const QJsonObject root = document.object();

    // The format comes first: a newer format deserves "unknown format", not a confusing field error.
    const QJsonValue formatValue = root.value(QStringLiteral("format"));
    if (formatValue.isUndefined())
        return reader.error(tr("the manifest has no 'format'"));
    const qint64 formatNumber = formatValue.isDouble() ? formatValue.toInteger(-1) : -1;
    if (formatNumber < kFormatChecksumsFirst || formatNumber > kNewestFormat)
        return reader.error(tr("unknown format %1 (this Tidemark reads formats 1 to %2)")
                                .arg(formatValue.isDouble() ? QString::number(formatValue.toDouble())
                                                            : QStringLiteral("(not a number)"))
                                .arg(kNewestFormat),
                            tr("Use the Tidemark version that wrote the snapshot, or a newer one."));

    Manifest manifest;
    manifest.format = static_cast<int>(formatNumber);
    const QJsonValue kindValue = root.value(QStringLiteral("kind"));
    if (kindValue == QJsonValue(kindName(Kind::InfluxDb1)))
        manifest.kind = Kind::InfluxDb1;
    else if (!kindValue.isUndefined() && kindValue != QJsonValue(kindName(Kind::Tidemark)))
        return reader.error(
            tr("unknown node kind %1 (this Tidemark knows 'tidemark' and 'influxdb1')")
                .arg(QString::fromUtf8(QJsonDocument(QJsonArray{kindValue}).toJson(QJsonDocument::Compact))),
            tr("Use the Tidemark version that wrote the snapshot, or a newer one."));
    if (auto e = readHeader(reader, root, &manifest))
        return *e;
    if (auto e = readFiles(reader, root, manifest.format, &manifest.files))
        return *e;
    // A sealed manifest is exactly what toJson() writes for its values, seal included: a changed
    // byte anywhere (a value, a key, white space) changes the JSON or its checksum.
    if (root.contains(QStringLiteral("seal"))) {
        if (json != manifest.toJson())
            return reader.error(tr("its seal does not match its content (it was changed after it was written)"));
    } else if (seal == Seal::Required) {
        return reader.error(tr("the manifest has no 'seal'"));
    }
    return manifest;
}

const ManifestFile *Manifest::file(const QString &name) const
{
    const auto it = std::find_if(files.begin(), files.end(), [&](const ManifestFile &f) { return f.name == name; });
    return it == files.end() ? nullptr : &*it;
}

qint64 Manifest::totalBytes() const
{
    // Sizes come from a manifest we read (up to 2^63-1 each): saturate rather than overflow.
    qint64 total = 0;
    for (const ManifestFile &f : files) {
        if (f.size > 0 && __builtin_add_overflow(total, f.size, &total))
            return std::numeric_limits<qint64>::max();
    }
    return total;
}

void Manifest::sortFiles()
{
    std::stable_sort(files.begin(), files.end(), archiveOrder);
}

Manifest Manifest::merge(const std::vector<Manifest> &chain)
{
    if (chain.empty())
        return {};
    // Later links are visited last, so ">=" lets them win a tie.
    std::map<QString, ManifestFile> newest;
    for (const Manifest &link : chain) {
        for (const ManifestFile &f : link.files) {
            const auto it = newest.find(f.name);
            if (it == newest.end() || f.index >= it->second.index)
                newest[f.name] = f;
        }
    }
    const Manifest &last = chain.back();
    Manifest merged;
    for (const Manifest &link : chain)
        merged.format = std::max(merged.format, link.format);
    merged.kind = last.kind;
    merged.nodeId = last.nodeId;
    merged.clusterUrl = last.clusterUrl;
    merged.created = last.created;
    merged.chainId = last.chainId;
    merged.index = last.index;
    merged.incremental = false;
    for (auto &entry : newest)
        merged.files.push_back(std::move(entry.second));
    merged.sortFiles();
    return merged;
}

bool Manifest::hasChecksums() const
{
    return std::none_of(files.begin(), files.end(), [](const ManifestFile &f) { return f.checksum.isEmpty(); });
}

bool Manifest::hasBlockLinks() const
{
    return std::any_of(files.begin(), files.end(), [](const ManifestFile &f) { return f.isBlockLink(); });
}

bool Manifest::hasRefLinks() const
{
    return std::any_of(files.begin(), files.end(), [](const ManifestFile &f) { return f.isRefLink(); });
}

Manifest Manifest::asState() const
{
    Manifest state = *this;
    state.format = std::min(format, kFormatChecksumsLast);
    for (ManifestFile &f : state.files) {
        if (!f.isDelta())
            continue;
        f.size = f.fileSize();
        f.checksum = f.fileChecksum();
        f.blocks = {};
        f.refs = {};
    }
    return state;
}

Result<std::map<QString, std::vector<Manifest::Step>>> Manifest::steps(const std::vector<Manifest> &chain,
                                                                       const QStringList &names)
{
    std::map<QString, std::vector<Step>> out;
    for (size_t l = 0; l < chain.size(); ++l) {
        const QString linkName =
            l < static_cast<size_t>(names.size()) ? names[static_cast<qsizetype>(l)] : QString::number(l);
        for (const ManifestFile &f : chain[l].files) {
            std::vector<Step> &steps = out[f.name];
            // Manifest::merge's rule: the highest index wins, the later link on a tie.
            if (!steps.empty() && f.index < steps.back().file.index)
                continue;
            if (!f.isDelta()) {
                steps.assign(1, Step{l, f});
                continue;
            }
            if (steps.empty())
                return makeError(ErrorCode::Integrity,
                                 (f.isBlockLink() ? tr("'%1' holds '%2' as changed blocks of an earlier version, but "
                                                       "no earlier link holds '%2'")
                                                  : tr("'%1' holds '%2' as references into an earlier version, but "
                                                       "no earlier link holds '%2'"))
                                     .arg(linkName, f.name),
                                 tr("The chain is incomplete or damaged: restore up to the link before '%1' "
                                    "(--upto), or from another backup.")
                                     .arg(linkName));
            const QString &previous = steps.back().file.fileChecksum();
            if (f.deltaBase() != previous)
                return makeError(
                    ErrorCode::Integrity,
                    (f.isBlockLink() ? tr("'%1' holds '%2' as changed blocks of the version with checksum %3, but the "
                                          "chain's version before it has checksum %4")
                                     : tr("'%1' holds '%2' as references into the version with checksum %3, but the "
                                          "chain's version before it has checksum %4"))
                        .arg(linkName, f.name, f.deltaBase(), previous.isEmpty() ? tr("(unknown)") : previous),
                    tr("The chain is incomplete or damaged: restore up to the link before '%1' "
                       "(--upto), or from another backup.")
                        .arg(linkName));
            steps.push_back(Step{l, f});
        }
    }
    return out;
}

bool Manifest::hasSizes() const
{
    return std::none_of(files.begin(), files.end(),
                        [](const ManifestFile &f) { return f.size == ManifestFile::kUnknownSize; });
}

bool Manifest::isValidFileName(const QString &name)
{
    if (name == kMetaName)
        return true;
    if (!name.startsWith(kShardPrefix))
        return false;
    const QStringView id = QStringView(name).sliced(kShardPrefix.size());
    // 20 digits hold any quint64 id; longer names cannot be ours.
    if (id.isEmpty() || id.size() > 20)
        return false;
    if (id.size() > 1 && id.front() == QLatin1Char('0'))
        return false;
    return std::all_of(id.begin(), id.end(), [](QChar c) { return c >= QLatin1Char('0') && c <= QLatin1Char('9'); });
}

quint64 Manifest::shardId(const QString &name)
{
    return name.startsWith(kShardPrefix) ? QStringView(name).sliced(kShardPrefix.size()).toULongLong() : 0;
}

QString Manifest::kindName(Kind kind)
{
    return kind == Kind::InfluxDb1 ? QStringLiteral("influxdb1") : QStringLiteral("tidemark");
}

} // namespace tidemark
