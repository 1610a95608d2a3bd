#include "backup/ChainVerifier.h"

#include "kinds/NodeKind.h"
#include "snapshot/ArchiveReader.h"

#include <QFile>
#include <QFileInfo>

namespace tidemark {

Result<std::vector<ChainVerifier::LinkReport>> ChainVerifier::verify(const QString &path, const Progress &progress,
                                                                     const std::atomic_bool *cancelled)
{
    auto chain = BackupChain::open(path);
    if (!chain)
        return chain.error();
    if (chain->isEmpty())
        return makeError(ErrorCode::NotFound, tr("There is no backup at '%1'").arg(path));
    qint64 total = 0;
    for (const BackupChain::Link &link : chain->links())
        total += link.manifest.totalBytes();
    qint64 done = 0;

    const NodeKind &kind = NodeKind::of(chain->links().front().manifest.kind);
    const auto isCancelled = [cancelled] { return cancelled && cancelled->load(); };
    std::vector<LinkReport> reports;
    for (const BackupChain::Link &link : chain->links()) {
        auto device = chain->openLink(link);
        if (!device)
            return device.error();
        ArchiveReader reader(*device.value(), link.path);
        auto manifest = reader.readManifest();
        if (!manifest)
            return manifest.error();
        // Format 2 has its checksums at the end; each file is walked as soon as it is out, so
        // they are read ahead from there: a file whose bytes changed is never opened as LMDB.
        if (!manifest->hasChecksums()) {
            auto final = chain->finalManifest(link);
            if (!final)
                return final.error();
            if (Status s = reader.useFinalManifest(final.value()); !s)
                return s.error();
        }
        auto scratch = chain->store().scratch();
        if (!scratch)
            return scratch.error();
        LinkReport report{link.path, 0, 0, manifest->index};
        for (;;) {
            if (isCancelled())
                return makeError(ErrorCode::Cancelled, tr("Verification cancelled"));
            const QString extracted = scratch.value()->filePath(QStringLiteral("file"));
            QFile out(extracted);
            if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
                return makeError(ErrorCode::Io, tr("Cannot write '%1': %2").arg(extracted, out.errorString()));
            auto file = reader.nextFile([&](const char *data, qsizetype size) {
                done += size;
                if (progress)
                    progress(done, total);
                return !isCancelled() && out.write(data, size) == size;
            });
            out.close();
            if (isCancelled())
                return makeError(ErrorCode::Cancelled, tr("Verification cancelled"));
            if (!file)
                return file.error();
            if (!file.value())
                break;
            const Status walked = kind.checkFile(file.value()->name, extracted, link.path, cancelled);
            if (isCancelled())
                return makeError(ErrorCode::Cancelled, tr("Verification cancelled"));
            if (!walked)
                return makeError(walked.error().code, tr("%1: %2").arg(link.path, walked.error().message),
                                 walked.error().hint);
            QFile::remove(extracted);
            ++report.files;
            report.bytes += file.value()->size;
        }
        if (Status s = reader.finish(); !s)
            return s.error();
        reports.push_back(report);
    }
    return reports;
}

} // namespace tidemark
