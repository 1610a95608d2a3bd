#include "browse/RebuiltFile.h"

#include "snapshot/BlockPatch.h"
#include "snapshot/FileRebuild.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <optional>

#include <fcntl.h>
#include <unistd.h>

namespace tidemark {

namespace {

Error scratchError(const QString &path, const QString &doing)
{
    return makeError(ErrorCode::Io,
                     RebuiltFile::tr("Cannot %1 '%2': %3").arg(doing, path, QString::fromLocal8Bit(strerror(errno))),
                     RebuiltFile::tr("Check free space where the chain's scratch directory is."));
}

// What the steps' sinks share: the scratch file being rebuilt, and how far it got.
struct Rebuild {
    std::vector<Manifest::Step> steps;
    QString path;
    Opener target;
    int fd = -1;
    size_t next = 0; ///< The step whose sink opens next.

    Rebuild(std::vector<Manifest::Step> s, QString p, Opener t)
        : steps(std::move(s)), path(std::move(p)), target(std::move(t))
    {
    }
    Rebuild(const Rebuild &) = delete;
    Rebuild &operator=(const Rebuild &) = delete;
    ~Rebuild()
    {
        if (fd >= 0)
            ::close(fd);
        QFile::remove(path);
    }
};

class StepSink : public ContentsReader::Sink {
public:
    StepSink(std::shared_ptr<Rebuild> rebuild, size_t step, QString link)
        : m_rebuild(std::move(rebuild)), m_step(step), m_link(std::move(link))
    {
        const ManifestFile &file = m_rebuild->steps[m_step].file;
        if (file.isBlockLink())
            m_applier.emplace(m_rebuild->fd, file.blocks.blockSize, file.blocks.fileSize,
                              RebuiltFile::tr("'%1' in %2").arg(file.name, m_link));
    }

    Status write(const char *bytes, qsizetype size) override
    {
        if (m_applier)
            return m_applier->write(bytes, size);
        for (qsizetype done = 0; done < size;) {
            const ssize_t n = ::pwrite(m_rebuild->fd, bytes + done, static_cast<size_t>(size - done), m_position);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return scratchError(m_rebuild->path, RebuiltFile::tr("write"));
            done += n;
            m_position += n;
        }
        return {};
    }

    Status finish() override
    {
        if (m_applier) {
            if (Status s = m_applier->finish(); !s)
                return s;
        }
        Rebuild &r = *m_rebuild;
        r.next = m_step + 1;
        if (r.next < r.steps.size())
            return {};
        if (::close(r.fd) != 0) {
            r.fd = -1;
            return scratchError(r.path, RebuiltFile::tr("write"));
        }
        r.fd = -1;
        const ManifestFile &newest = r.steps.back().file;
        if (Status s = FileRebuild::checkRebuilt(r.path, newest.fileChecksum(),
                                                 RebuiltFile::tr("'%1' of %2").arg(newest.name, m_link));
            !s)
            return s;
        auto sink = r.target(m_link);
        if (!sink)
            return sink.error();
        Status handed = sink.value()->finishWith(r.path);
        QFile::remove(r.path); // As soon as it was read.
        return handed;
    }

private:
    std::shared_ptr<Rebuild> m_rebuild;
    size_t m_step;
    QString m_link;
    std::optional<BlockPatchApplier> m_applier;
    qint64 m_position = 0;
};

} // namespace

std::vector<RebuiltFile::Read> RebuiltFile::rebuilt(const std::vector<Manifest::Step> &steps,
                                                    const QString &scratchPath, Opener target)
{
    auto rebuild = std::make_shared<Rebuild>(steps, scratchPath, std::move(target));
    std::vector<Read> reads;
    for (size_t k = 0; k < steps.size(); ++k) {
        reads.push_back(
            {steps[k].link, [rebuild, k](const QString &link) -> Result<std::unique_ptr<ContentsReader::Sink>> {
                 Rebuild &r = *rebuild;
                 const ManifestFile &file = r.steps[k].file;
                 if (r.next != k || (k == 0) == file.isBlockLink())
                     return makeError(ErrorCode::Failure,
                                      tr("'%1' of %2 was read out of its turn").arg(file.name, link));
                 if (k == 0) {
                     r.fd = ::open(QFile::encodeName(r.path).constData(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
                     if (r.fd < 0)
                         return scratchError(r.path, tr("create"));
                 }
                 return std::unique_ptr<ContentsReader::Sink>(std::make_unique<StepSink>(rebuild, k, link));
             }});
    }
    return reads;
}

} // namespace tidemark
