#pragma once

#include "browse/ContentsReader.h"
#include "snapshot/Manifest.h"

#include <QCoreApplication>

#include <functional>
#include <memory>
#include <vector>

namespace tidemark {

/// Opens the sink a file of a link streams into (`link` names the link, for messages).
using Opener = std::function<Result<std::unique_ptr<ContentsReader::Sink>>(const QString &link)>;

/// The reads that give one file of a chain as it is at a link, for the readers of links
/// (`LinkFiles`): a whole copy is one read, straight into the sink its opener gives; a file whose
/// newest copy is a block or reference link is one read per step (`BackupChain::steps`: the whole
/// copy, then each such link after it, in chain order), rebuilt as they come in a scratch file (the
/// whole copy written there, each block link applied over it, each reference link written beside
/// it from it and put in its place: `FileVersionWriter`), compared with
/// the newest step's `fileChecksum`, then handed to the target sink where it lies
/// (`Sink::finishWith`). The scratch file goes with the last of the readers' sinks, whatever
/// happened. The reads must run in the order given (each link's entry after the one before).
class RebuiltFile {
    Q_DECLARE_TR_FUNCTIONS(RebuiltFile)

public:
    struct Read {
        size_t link = 0; ///< Position in the chain's links().
        Opener open;
    };

    /// The read of a whole copy at `link`: `target` itself.
    [[nodiscard]] static std::vector<Read> whole(size_t link, Opener target) { return {{link, std::move(target)}}; }
    /// The reads of the file `steps` give (more than one: the newest is a block or reference link), rebuilt at
    /// `scratchPath` (created, replaced, removed again) and handed to `target`.
    [[nodiscard]] static std::vector<Read> rebuilt(const std::vector<Manifest::Step> &steps, const QString &scratchPath,
                                                   Opener target);
};

} // namespace tidemark
