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
        m_writer.emplace(m_rebuild->fd, file, RebuiltFile::tr("'%1' in %2").arg(file.name, m_link), m_rebuild->path);
    }

    Status write(const char *bytes, qsizetype size) override { return m_writer->write(bytes, size); }

    Status finish() override
    {
        if (Status s = m_writer->finish(); !s)
            return s;
        Rebuild &r = *m_rebuild;
        r.next = m_step + 1;
        if (r.next < r.steps.size())
            return {};
        const int closed = ::close(r.fd);
        const QString reason = QString::fromLocal8Bit(strerror(errno));
        r.fd = -1;
        if (closed != 0)
            return makeError(ErrorCode::Io, RebuiltFile::tr("Cannot write '%1': %2").arg(r.path, reason),
                             RebuiltFile::tr("Check free space where the chain's scratch directory is."));
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
    std::optional<FileVersionWriter> m_writer;
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
                 if (r.next != k || (k == 0) == file.isDelta())
                     return makeError(ErrorCode::Failure,
                                      tr("'%1' of %2 was read out of its turn").arg(file.name, link));
                 if (k == 0) {
                     auto opened = FileRebuild::openFile(r.path, true);
                     if (!opened)
                         return opened.error();
                     r.fd = opened.value();
                 }
                 return std::unique_ptr<ContentsReader::Sink>(std::make_unique<StepSink>(rebuild, k, link));
             }});
    }
    return reads;
}

} // namespace tidemark
