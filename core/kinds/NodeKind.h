#pragma once

#include "kinds/BackupResult.h"
#include "kinds/NodeHealth.h"
#include "common/CompressionOptions.h"
#include "common/Error.h"
#include "common/RateLimiter.h"
#include "kinds/ConnectionSettings.h"
#include "snapshot/Manifest.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace tidemark {

class BackupChain;
class ContentsReader;
class OnlineImporter;
class PointReader;
class RestoreTarget;

/// One kind of data node (Tidemark's own, InfluxDB 1.x, …): everything in the engine that
/// differs between kinds lives behind this interface, in the kind's own folder
/// (`core/tidemark/`, `core/influx1/`). Jobs, the verifier, restore and the front ends ask the
/// kind; none of them tests which kind it is. A new kind is one new folder with a NodeKind
/// subclass, registered in `kinds/NodeKinds.cpp`.
class NodeKind {
public:
    virtual ~NodeKind() = default;

    /// The kind of `id`; every Manifest::Kind has one.
    [[nodiscard]] static const NodeKind &of(Manifest::Kind id);
    /// The kind named `name` (as `--kind` and manifests spell it), or nullptr.
    [[nodiscard]] static const NodeKind *byName(const QString &name);
    /// Every kind, in the order front ends list them.
    [[nodiscard]] static const std::vector<const NodeKind *> &all();

    [[nodiscard]] virtual Manifest::Kind id() const = 0;
    /// The name in manifests and on the command line: `tidemark`, `influxdb1`.
    [[nodiscard]] QString name() const { return Manifest::kindName(id()); }
    /// For people, translated: "Tidemark node", "InfluxDB 1.x node".
    [[nodiscard]] virtual QString displayName() const = 0;
    /// The short form for lists and cards: "Tidemark", "InfluxDB 1.x".
    [[nodiscard]] virtual QString shortName() const = 0;
    /// The node's program: "tidemarkd", "influxd".
    [[nodiscard]] virtual QString program() const = 0;
    /// The port of its snapshot service when none is given.
    [[nodiscard]] virtual quint16 defaultPort() const = 0;
    /// Which connection settings it uses.
    [[nodiscard]] virtual bool usesAuthToken() const = 0;
    [[nodiscard]] virtual bool usesTls() const = 0;
    [[nodiscard]] virtual bool backsUpChosenDatabases() const = 0;
    /// True when a link's file `index` is a time (ms since the epoch, on the node's clock: the
    /// newest change the file holds) rather than the node's index (InfluxDB 1.x).
    [[nodiscard]] virtual bool indexIsTime() const = 0;
    /// True when its probe tells the node's size and node id (Tidemark); else only its index,
    /// databases and shards.
    [[nodiscard]] virtual bool reportsSizes() const = 0;
    /// The command that starts the node on `configPath` (shown after a restore).
    [[nodiscard]] virtual QString startCommand(const QString &configPath) const = 0;
    /// What a restore asks for, for people: the config's label ("Node config file:"), where it
    /// usually is ("/etc/tidemark/tidemarkd.conf"), how to find it, and what the restore replaces.
    struct ConfigText {
        QString label;
        QString defaultPath;
        QString prompt;
        QString replaces;
    };
    [[nodiscard]] virtual ConfigText configText() const = 0;

    /// Asks the node at `settings.host` for its health (blocking, up to the timeout).
    [[nodiscard]] virtual NodeHealth probe(const ConnectionSettings &settings) const = 0;

    /// What one backup attempt gets: the chain is open and locked, leftovers are removed.
    struct BackupContext {
        const ConnectionSettings &settings;
        const BackupChain &chain;
        CompressionOptions compression; ///< How the link's archive is compressed.
        const std::atomic_bool *cancelled = nullptr;
        /// Holds the bytes received from the node down to `--limit-rate` (shared by every
        /// connection of the attempt); null: no limit.
        RateLimiter *limiter = nullptr;
        std::function<void(const QString &stage)> stage;
        std::function<void(qint64 done, qint64 total)> progress;
        std::function<void(const QString &name, qint64 done, qint64 total)> fileProgress;
        /// `--whole-files`: every changed file whole, no block links (Tidemark nodes).
        bool wholeFiles = false;
        [[nodiscard]] bool isCancelled() const { return cancelled && cancelled->load(); }
    };
    /// Takes the next link of `context.chain` from the node: a full snapshot when the chain is
    /// empty, else an incremental against its merged manifest; writes it through the chain's store
    /// (visible only once whole and checked). Nothing changed → result.nothingChanged.
    [[nodiscard]] virtual Result<BackupResult> backup(const BackupContext &context) const = 0;

    /// Checks one file of a link, extracted to `path` (`name` as in the manifest; `source` names
    /// the link in messages); stops early when `cancelled` is set.
    [[nodiscard]] virtual Status checkFile(const QString &name, const QString &path, const QString &source,
                                           const std::atomic_bool *cancelled) const = 0;

    /// How a restore of this kind's chains writes a node's directories.
    [[nodiscard]] virtual const RestoreTarget &restoreTarget() const = 0;

    /// How this kind's files tell what a chain holds (databases, shards, measurements) for
    /// `tidemark-cli ls` (browse/ChainBrowser).
    [[nodiscard]] virtual const ContentsReader &contentsReader() const = 0;

    /// How this kind's files give their points back, for `tidemark-cli export` (browse/ChainExporter).
    [[nodiscard]] virtual const PointReader &pointReader() const = 0;

    /// How a database (or some of its shards) from this kind's chains goes into a running node of
    /// this kind (`restore CHAIN --database NAME -host H:P`).
    [[nodiscard]] virtual const OnlineImporter &onlineImporter() const = 0;

    /// How Tidemark runs a node of this kind itself, every directory inside one scratch directory,
    /// listening on loopback only (drill/ScratchNode: restore drills, exports).
    struct ScratchSetup {
        QString configName;           ///< The config's file name inside the scratch directory.
        QByteArray configText;        ///< Its text: every directory under the scratch directory.
        QStringList arguments;        ///< The program's arguments that run it on that config.
        QStringList inspectArguments; ///< Arguments that print a content digest as JSON (`digest`); empty: none.
        QString databaseQuery;        ///< An InfluxQL query each database answers (`db` set); empty: none.
        QString errorLogMarker;       ///< Marks the lines of its log that report errors; empty: none.
    };
    /// The setup of a scratch node in `dir` (absolute) whose HTTP API listens on `http` and whose
    /// snapshot service on `snapshot`; the config is written at `dir`/configName.
    [[nodiscard]] virtual ScratchSetup scratchSetup(const QString &dir, const HostPort &http,
                                                    const HostPort &snapshot) const = 0;
};

} // namespace tidemark
