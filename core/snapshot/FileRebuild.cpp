#include "snapshot/FileRebuild.h"

#include "snapshot/ArchiveReader.h"
#include "snapshot/BlockPatch.h"
#include "snapshot/Checksum.h"
#include "storage/ChainStore.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <optional>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tidemark {

namespace {

// errno is read first, before anything else may change it.
Error fileError(bool creating, const QString &path)
{
    const QString reason = QString::fromLocal8Bit(strerror(errno));
    return makeError(ErrorCode::Io,
                     (creating ? FileRebuild::tr("Cannot create '%1': %2") : FileRebuild::tr("Cannot write '%1': %2"))
                         .arg(path, reason),
                     FileRebuild::tr("Check free disk space and permissions where it is written."));
}

// Reads link `link` of `chain` as far as `file`, streaming its bytes to `sink`.
Status readEntry(const BackupChain &chain, const BackupChain::Link &link, const ManifestFile &file,
                 const ArchiveReader::DataSink &sink, const std::atomic_bool *cancelled)
{
    const auto isCancelled = [cancelled] { return cancelled && cancelled->load(); };
    Manifest planned = link.manifest;
    const bool useFinal = planned.checksumsLast() || !planned.hasChecksums();
    if (useFinal) {
        auto final = chain.finalManifest(link);
        if (!final)
            return final.error();
        planned = final.takeValue();
    }
    auto device = chain.openLink(link);
    if (!device)
        return device.error();
    QIODevice &in = *device.value();
    ArchiveReader *readerPtr = nullptr;
    ArchiveReader reader(
        [&](char *buffer, qsizetype capacity) -> qsizetype {
            if (isCancelled())
                return -1;
            const qint64 n = in.read(buffer, capacity);
            if (n < 0)
                readerPtr->setSourceError(ChainStore::readError(in, link.path));
            return static_cast<qsizetype>(n);
        },
        link.path);
    readerPtr = &reader;
    if (auto head = reader.readManifest(); !head)
        return head.error();
    if (useFinal) {
        if (Status s = reader.useFinalManifest(planned); !s)
            return s;
    }
    const ManifestFile *listed = planned.file(file.name);
    // A step taken from a head that lists no checksums (format 2) gets the final manifest's.
    ManifestFile expected = file;
    if (listed && expected.checksum.isEmpty())
        expected.checksum = listed->checksum;
    if (!listed || !(*listed == expected))
        return makeError(ErrorCode::Integrity,
                         FileRebuild::tr("%1 does not hold '%2' as the chain listed").arg(link.path, file.name),
                         FileRebuild::tr("Run `tidemark-cli verify` on the chain."));
    for (size_t k = 0; k < planned.files.size(); ++k) {
        const bool wanted = planned.files[k].name == file.name;
        bool refused = false;
        auto got = reader.nextFile(wanted ? ArchiveReader::DataSink([&](const char *data, qsizetype size) {
            if (!refused && !sink(data, size))
                refused = true;
            return !isCancelled();
        })
                                          : ArchiveReader::DataSink());
        if (isCancelled())
            return makeError(ErrorCode::Cancelled, FileRebuild::tr("Cancelled"));
        if (!got)
            return got.error();
        if (!got.value())
            break;
        if (wanted)
            return refused ? makeError(ErrorCode::Io,
                                       FileRebuild::tr("Cannot write '%1' from %2").arg(file.name, link.path))
                           : Status{};
    }
    return makeError(ErrorCode::Integrity, FileRebuild::tr("%1 ended before '%2'").arg(link.path, file.name));
}

} // namespace

Result<int> FileRebuild::openFile(const QString &path, bool truncate)
{
    const int fd =
        ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : 0), 0600);
    if (fd < 0)
        return fileError(true, path);
    return fd;
}

namespace {

QString newVersionPath(const QString &path)
{
    return path + QStringLiteral(".refs-new");
}

} // namespace

FileVersionWriter::FileVersionWriter(int fd, const ManifestFile &file, const QString &where, QString path)
    : m_fd(fd), m_path(std::move(path))
{
    if (file.isBlockLink()) {
        m_applier.emplace(fd, file.blocks.blockSize, file.blocks.fileSize, where);
    } else if (file.isRefLink()) {
        struct stat st = {};
        const QString newPath = newVersionPath(m_path);
        if (::fstat(fd, &st) != 0) {
            m_openError = fileError(false, m_path);
        } else if (auto opened = FileRebuild::openFile(newPath, true); !opened) {
            m_openError = opened.error();
        } else {
            m_newFd = opened.value();
        }
        m_refs.emplace(fd, static_cast<qint64>(st.st_size), m_newFd, file.refs.fileSize, where, newPath);
    }
}

FileVersionWriter::~FileVersionWriter()
{
    if (m_newFd >= 0) { // Not finished: the version before stays.
        ::close(m_newFd);
        QFile::remove(newVersionPath(m_path));
    }
}

Status FileVersionWriter::write(const char *data, qsizetype size)
{
    if (m_openError)
        return *m_openError;
    if (m_applier)
        return m_applier->write(data, size);
    if (m_refs)
        return m_refs->write(data, size);
    for (qsizetype done = 0; done < size;) {
        const ssize_t n = ::pwrite(m_fd, data + done, static_cast<size_t>(size - done), m_position);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return fileError(false, m_path);
        done += n;
        m_position += n;
    }
    return {};
}

Status FileVersionWriter::finish()
{
    if (m_openError)
        return *m_openError;
    if (m_applier)
        return m_applier->finish();
    if (!m_refs)
        return {};
    if (Status s = m_refs->finish(); !s)
        return s;
    // The new version takes the old one's place, on disk and on the caller's descriptor.
    const QString newPath = newVersionPath(m_path);
    if (::rename(QFile::encodeName(newPath).constData(), QFile::encodeName(m_path).constData()) != 0 ||
        ::dup2(m_newFd, m_fd) < 0)
        return fileError(false, m_path);
    ::close(m_newFd);
    m_newFd = -1;
    return {};
}

Status FileRebuild::readFile(const QString &path, const std::function<Status(const char *, qsizetype)> &sink,
                             const std::atomic_bool *cancelled)
{
    QFile file(path);
    const auto readError = [&] {
        return makeError(ErrorCode::Io, tr("Cannot read '%1': %2").arg(path, file.errorString()),
                         tr("Check the disk of the scratch directory."));
    };
    if (!file.open(QIODevice::ReadOnly))
        return readError();
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    for (;;) {
        if (cancelled && cancelled->load())
            return makeError(ErrorCode::Cancelled, tr("Cancelled"));
        const qint64 n = file.read(buffer.data(), buffer.size());
        if (n < 0)
            return readError();
        if (n == 0)
            return {};
        if (Status s = sink(buffer.constData(), static_cast<qsizetype>(n)); !s)
            return s;
    }
}

Status FileRebuild::checkRebuilt(const QString &path, const QString &checksum, const QString &what)
{
    auto actual = Checksum::ofFile(path);
    if (!actual)
        return actual.error();
    if (actual.value() != checksum)
        return makeError(ErrorCode::Integrity,
                         tr("%1, rebuilt from the chain's links, has checksum %2 where the chain says %3")
                             .arg(what, actual.value(), checksum),
                         tr("The chain's block or reference links do not fit together: restore up to an earlier "
                            "link (--upto), or from another backup."));
    return {};
}

Status FileRebuild::write(const BackupChain &chain, const std::vector<Manifest::Step> &steps, const QString &destPath,
                          const std::atomic_bool *cancelled)
{
    if (steps.empty() || steps.front().file.isDelta())
        return makeError(ErrorCode::Integrity, tr("No whole copy of the file to rebuild '%1' from").arg(destPath));
    auto opened = openFile(destPath, true);
    if (!opened)
        return opened.error();
    const int fd = opened.value();
    const auto fail = [&](Error e) -> Status {
        ::close(fd);
        QFile::remove(destPath);
        return e;
    };
    for (const Manifest::Step &step : steps) {
        if (step.link >= chain.links().size())
            return fail(makeError(ErrorCode::Integrity, tr("The chain has no link #%1").arg(step.link)));
        const BackupChain::Link &link = chain.links()[step.link];
        FileVersionWriter writer(fd, step.file, tr("'%1' in %2").arg(step.file.name, link.path), destPath);
        std::optional<Error> failed;
        Status s = readEntry(
            chain, link, step.file,
            [&](const char *data, qsizetype size) {
                if (Status w = writer.write(data, size); !w) {
                    failed = w.error();
                    return false;
                }
                return true;
            },
            cancelled);
        if (failed)
            return fail(*failed);
        if (!s)
            return fail(s.error());
        if (Status f = writer.finish(); !f)
            return fail(f.error());
    }
    if (::close(fd) != 0) {
        const Error e = fileError(false, destPath);
        QFile::remove(destPath);
        return e;
    }
    // A whole copy alone was checked by its reader; a rebuilt one only proves right as a whole.
    if (steps.size() > 1) {
        const Manifest::Step &newest = steps.back();
        if (Status s = checkRebuilt(destPath, newest.file.fileChecksum(),
                                    tr("'%1' in %2").arg(newest.file.name, chain.links()[newest.link].path));
            !s) {
            QFile::remove(destPath);
            return s;
        }
    }
    return {};
}

} // namespace tidemark
