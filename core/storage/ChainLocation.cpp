#include "storage/ChainLocation.h"

#include "storage/ChainStore.h"
#include "storage/S3Client.h"
#include "storage/S3Settings.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QTimeZone>

namespace tidemark {

QString ChainLocation::canonical(const QString &location)
{
    if (!ChainStore::isRemote(location))
        return QDir::cleanPath(QDir::current().absoluteFilePath(location));
    const S3Url url = S3Url::parse(location);
    if (!url.valid)
        return location;
    QString prefix = url.key;
    while (prefix.contains(QStringLiteral("//")))
        prefix.replace(QStringLiteral("//"), QStringLiteral("/"));
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    return prefix.isEmpty() ? QStringLiteral("s3://%1").arg(url.bucket)
                            : QStringLiteral("s3://%1/%2").arg(url.bucket, prefix);
}

Result<std::vector<ChainLocation::Entry>> ChainLocation::list(const QString &location)
{
    const QString where = canonical(location);
    std::vector<Entry> entries;
    if (!ChainStore::isRemote(where)) {
        const QFileInfo info(where);
        if (!info.exists())
            return makeError(ErrorCode::NotFound, tr("Backup location '%1' does not exist.").arg(where),
                             tr("Give the directory that holds the chains (or an s3://BUCKET/PREFIX)."));
        if (!info.isDir())
            return makeError(ErrorCode::Usage, tr("Backup location '%1' is not a directory.").arg(where),
                             tr("Give the directory that holds the chains, not a chain's file."));
        const QDir dir(where);
        if (!dir.isReadable())
            return makeError(ErrorCode::Io, tr("Cannot read backup location '%1'.").arg(where),
                             tr("Check its permissions."));
        const auto files = dir.entryInfoList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
        for (const QFileInfo &file : files)
            entries.push_back({file.fileName(), file.size()});
        return entries;
    }
    const S3Url url = S3Url::parse(where);
    if (!url.valid)
        return makeError(ErrorCode::Usage, tr("'%1' is not an S3 location.").arg(location),
                         tr("Give s3://BUCKET or s3://BUCKET/PREFIX."));
    auto settings = S3Settings::resolve(where);
    if (!settings)
        return settings.error();
    S3Client client(settings.takeValue(), url.bucket);
    const QString prefix = url.key.isEmpty() ? QString() : url.key + QLatin1Char('/');
    auto objects = client.list(prefix);
    if (!objects)
        return objects.error();
    for (const S3Client::Object &o : objects.value()) {
        const QString name = o.key.mid(prefix.size());
        if (name.isEmpty() || name.contains(QLatin1Char('/')))
            continue; // Below the prefix: another location.
        entries.push_back({name, o.size});
    }
    std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.name < b.name; });
    return entries;
}

QString ChainLocation::chainPath(const QString &location, const QString &name)
{
    const QString where = canonical(location);
    if (ChainStore::isRemote(where))
        return where + QLatin1Char('/') + name;
    return QDir(where).filePath(name);
}

QString ChainLocation::locationOf(const QString &chainPath)
{
    const QString chain = ChainStore::canonicalLocation(chainPath);
    const qsizetype slash = chain.lastIndexOf(QLatin1Char('/'));
    if (ChainStore::isRemote(chain)) {
        const S3Url url = S3Url::parse(chain);
        const qsizetype keySlash = url.key.lastIndexOf(QLatin1Char('/'));
        return keySlash < 0 ? QStringLiteral("s3://%1").arg(url.bucket)
                            : QStringLiteral("s3://%1/%2").arg(url.bucket, url.key.left(keySlash));
    }
    return slash <= 0 ? QStringLiteral("/") : chain.left(slash);
}

QString ChainLocation::nameOf(const QString &chainPath)
{
    const QString chain = ChainStore::canonicalLocation(chainPath);
    return chain.mid(chain.lastIndexOf(QLatin1Char('/')) + 1);
}

namespace {

constexpr int kStampLength = 17; // -YYYYMMDDTHHMMSSZ

QString stamp(const QDateTime &time)
{
    return QLatin1Char('-') + time.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
}

} // namespace

bool ChainLocation::isSeriesMember(const QString &base, const QString &name)
{
    if (name.size() != base.size() + kStampLength || !name.startsWith(base))
        return false;
    const QString rest = name.mid(base.size());
    static const QRegularExpression form(QStringLiteral("^-[0-9]{8}T[0-9]{6}Z$"));
    return form.match(rest).hasMatch();
}

QString ChainLocation::seriesOf(const QString &chainPath)
{
    if (chainPath.size() <= kStampLength)
        return chainPath;
    const QString base = chainPath.left(chainPath.size() - kStampLength);
    return isSeriesMember(base, chainPath) && !base.endsWith(QLatin1Char('/')) ? base : chainPath;
}

Result<QString> ChainLocation::seriesHead(const QString &chainPath)
{
    const QString chain = ChainStore::canonicalLocation(chainPath);
    const QString base = nameOf(chain);
    const QString location = locationOf(chain);
    auto entries = list(location);
    if (!entries) {
        if (entries.error().code == ErrorCode::NotFound)
            return chain; // No directory yet: the backup says what to do.
        return entries.error();
    }
    QString newest;
    for (const Entry &e : entries.value())
        if (isSeriesMember(base, e.name) && e.name > newest)
            newest = e.name;
    return newest.isEmpty() ? chain : ChainLocation::chainPath(location, newest);
}

QString ChainLocation::newerInSeries(const QString &chainPath)
{
    const QString chain = ChainStore::canonicalLocation(chainPath);
    QString base = chain;
    const QString name = nameOf(chain);
    if (name.size() > kStampLength && isSeriesMember(name.left(name.size() - kStampLength), name))
        base = chain.left(chain.size() - kStampLength);
    auto head = seriesHead(base);
    if (!head || head.value() == chain)
        return {};
    // Only a newer one: a member's stamp sorts after the PATH and every earlier member.
    if (base != chain && head.value() < chain)
        return {};
    return head.value();
}

Result<QString> ChainLocation::nextInSeries(const QString &chainPath, const QDateTime &now)
{
    const QString chain = ChainStore::canonicalLocation(chainPath);
    const QString base = nameOf(chain);
    const QString location = locationOf(chain);
    auto entries = list(location);
    if (!entries)
        return entries.error();
    QString newest;
    QSet<QString> taken;
    for (const Entry &e : entries.value()) {
        taken.insert(e.name);
        if (isSeriesMember(base, e.name) && e.name > newest)
            newest = e.name;
    }
    // Later than every member (a clock set back must not put the new one before them), and free:
    // no file of that name, nor a leftover of an interrupted roll.
    QDateTime at = now.toUTC();
    if (!newest.isEmpty()) {
        const QDateTime last =
            QDateTime::fromString(newest.right(kStampLength - 1), QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
        QDateTime lastUtc = last;
        lastUtc.setTimeZone(QTimeZone::utc());
        if (lastUtc.isValid() && at <= lastUtc)
            at = lastUtc.addSecs(1);
    }
    for (;;) {
        const QString name = base + stamp(at);
        bool used = false;
        for (const QString &t : std::as_const(taken))
            used = used || t == name || t.startsWith(name + QLatin1Char('.'));
        if (!used)
            return ChainLocation::chainPath(location, name);
        at = at.addSecs(1);
    }
}

} // namespace tidemark
