#include "LinkContents.h"

#include "snapshot/ArchiveReader.h"
#include "snapshot/ArchiveWriter.h"

#include <QFile>
#include <QSaveFile>

namespace tidemark::test {

Result<LinkContents> readLink(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1").arg(path));
    ArchiveReader reader(file, path);
    LinkContents out;
    auto head = reader.readManifest();
    if (!head)
        return head.error();
    out.head = head.value();
    for (;;) {
        QByteArray bytes;
        auto next = reader.nextFile([&](const char *d, qsizetype n) {
            bytes.append(d, n);
            return true;
        });
        if (!next)
            return next.error();
        if (!next.value())
            break;
        out.files[next.value()->name] = bytes;
    }
    if (Status s = reader.finish(); !s)
        return s.error();
    out.final = reader.manifest();
    return out;
}

bool writeLink(const QString &path, const LinkContents &link)
{
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return false;
    ArchiveWriter writer([&](const char *d, qsizetype n) { return out.write(d, n) == n; },
                         ArchiveWriter::Compression::None);
    bool ok = writer.open() && writer.addData(QStringLiteral("manifest"), link.head.toJson());
    for (const ManifestFile &f : link.final.files)
        ok = ok && link.files.count(f.name) > 0 && writer.addData(f.name, link.files.at(f.name));
    ok = ok && writer.addFinal(QString::fromLatin1(Manifest::kFinalEntry), link.final.toJson()) && writer.finish();
    return ok && out.commit();
}

} // namespace tidemark::test
