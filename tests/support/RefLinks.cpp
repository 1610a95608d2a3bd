#include "RefLinks.h"

#include "snapshot/ArchiveReader.h"
#include "snapshot/ArchiveWriter.h"
#include "snapshot/BackupChain.h"
#include "snapshot/Checksum.h"
#include "snapshot/FileRebuild.h"
#include "snapshot/RefPatch.h"

#include <QFile>
#include <QHash>
#include <QSaveFile>
#include <QTemporaryDir>

#include <cstring>

using namespace tidemark;

namespace {

constexpr qsizetype kStep = 512;
constexpr qsizetype kWindow = 4096;

Result<QByteArray> readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1").arg(path));
    return f.readAll();
}

} // namespace

QByteArray RefLinks::diff(const QByteArray &before, const QByteArray &after)
{
    QHash<QByteArray, qsizetype> windows; // 4 KiB of `before` at a 512-byte boundary → offset.
    for (qsizetype at = 0; at + kWindow <= before.size(); at += kStep)
        windows.insert(QByteArray::fromRawData(before.constData() + at, kWindow), at);
    QByteArray patch;
    RefPatchEncoder encoder(after.size(), before.size(), [&](const char *d, qsizetype n) {
        patch.append(d, n);
        return true;
    });
    qsizetype at = 0;
    while (at < after.size()) {
        if (at + kWindow <= after.size()) {
            const auto it = windows.constFind(QByteArray::fromRawData(after.constData() + at, kWindow));
            if (it != windows.constEnd()) {
                qsizetype from = it.value();
                qsizetype length = kWindow;
                while (at + length < after.size() && from + length < before.size() &&
                       after[at + length] == before[from + length])
                    ++length;
                if (!encoder.addCopy(from, length))
                    return {};
                at += length;
                continue;
            }
        }
        const qsizetype n = std::min(kStep, after.size() - at);
        if (!encoder.addLiteral(after.constData() + at, n))
            return {};
        at += n;
    }
    return encoder.finish() ? patch : QByteArray();
}

Status RefLinks::rewrite(const QString &chainPath, int number)
{
    auto chain = BackupChain::open(chainPath);
    if (!chain)
        return chain.error();
    const size_t position = static_cast<size_t>(number + 1);
    if (number < 0 || position >= chain->links().size())
        return makeError(ErrorCode::NotFound, QStringLiteral("no link %1 in %2").arg(number).arg(chainPath));
    const BackupChain::Link &link = chain->links()[position];
    auto before = chain->steps(number - 1);
    if (!before)
        return before.error();
    auto at = chain->steps(number);
    if (!at)
        return at.error();
    auto final = chain->finalManifest(link);
    if (!final)
        return final.error();
    // The link's own head (BackupChain keeps the final manifest of a link whose head lacks sizes).
    QFile linkFile(link.path);
    if (!linkFile.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1").arg(link.path));
    ArchiveReader headReader(linkFile, link.path);
    auto readHead = headReader.readManifest();
    if (!readHead)
        return readHead.error();
    Manifest head = readHead.takeValue();
    linkFile.close();
    Manifest last = final.takeValue();
    QTemporaryDir scratch;
    std::vector<QByteArray> contents;
    for (size_t i = 0; i < last.files.size(); ++i) {
        ManifestFile &f = last.files[i];
        const auto now = at->find(f.name);
        if (now == at->end() || now->second.back().link != position)
            return makeError(ErrorCode::Failure,
                             QStringLiteral("%1 of link %2 is not the chain's").arg(f.name).arg(number));
        const QString afterPath = scratch.filePath(QStringLiteral("after"));
        if (Status s = FileRebuild::write(chain.value(), now->second, afterPath); !s)
            return s;
        auto after = readAll(afterPath);
        if (!after)
            return after.error();
        const auto was = before->find(f.name);
        if (f.name == QStringLiteral("meta") || f.isDelta() || was == before->end()) {
            if (f.isDelta())
                return makeError(ErrorCode::Failure, QStringLiteral("link %1 is not whole").arg(number));
            contents.push_back(after.value());
            continue;
        }
        const QString basePath = scratch.filePath(QStringLiteral("base"));
        if (Status s = FileRebuild::write(chain.value(), was->second, basePath); !s)
            return s;
        auto base = readAll(basePath);
        if (!base)
            return base.error();
        const QByteArray patch = diff(base.value(), after.value());
        if (patch.isEmpty())
            return makeError(ErrorCode::Failure, QStringLiteral("the encoder refused %1").arg(f.name));
        f.refs = RefLink{Checksum::of(base.value()), after->size(), Checksum::of(after.value())};
        f.size = patch.size();
        f.checksum = Checksum::of(patch);
        head.files[i].refs = RefLink{f.refs.base, -1, {}};
        contents.push_back(patch);
    }
    head.format = Manifest::kFormatRefLinks;
    last.format = Manifest::kFormatRefLinks;
    const bool inParts = head.checksumsLast();
    if (!inParts)
        return makeError(ErrorCode::Failure, QStringLiteral("link %1 is not of format 2").arg(number));
    QSaveFile out(link.path);
    if (!out.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot write %1").arg(link.path));
    ArchiveWriter writer([&](const char *d, qsizetype n) { return out.write(d, n) == n; },
                         ArchiveWriter::Compression::None);
    bool ok = writer.open() && writer.addData(QStringLiteral("manifest"), head.toJson());
    for (size_t i = 0; ok && i < last.files.size(); ++i)
        ok = writer.addData(last.files[i].name, contents[i]);
    ok = ok && writer.addFinal(QString::fromLatin1(Manifest::kFinalEntry), last.toJson()) && writer.finish();
    if (!ok)
        return writer.error();
    if (!out.commit())
        return makeError(ErrorCode::Io, QStringLiteral("cannot commit %1").arg(link.path));
    return {};
}
