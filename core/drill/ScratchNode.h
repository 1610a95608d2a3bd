#pragma once

#include "common/Error.h"
#include "config/NodeConfig.h"
#include "kinds/NodeKind.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QLockFile>
#include <QString>
#include <QTemporaryDir>

#include <atomic>
#include <memory>

class QProcess;

namespace tidemark {

/// A node of any kind that Tidemark runs itself, for a while, on loopback: a restore drill
/// (DrillJob) restores a chain into its directories and starts it; an export can start one on a
/// restored set of directories and read it back over HTTP.
///
/// create() makes a scratch directory (`tidemark-scratch-XXXXXX/` in `parentDir`, default the
/// system's temporary directory), takes two free loopback ports and writes the kind's config
/// there (NodeKind::scratchSetup: every directory of the node inside the scratch directory).
/// Fill the directories (e.g. RestoreEngine with configPath()), then start(): it runs the
/// kind's program as a child process, its stdout and stderr into `node.log` in the scratch
/// directory, and waits (bounded) until its HTTP API answers `/ping` and its snapshot service
/// accepts connections. stop() sends SIGTERM, then SIGKILL after a bound. The destructor stops
/// the node and removes the scratch directory, unless keep() was called. A process killed with
/// one open leaves it (its node gets SIGKILL with it): the next create() in the same parent
/// removes it, as its `scratch.lock` names a process that is gone.
///
/// The program: `$TIDEMARKD` / `$INFLUXD` (the program's name in capitals), else the program
/// beside the running one (tidemark-cli's directory), else PATH.
///
/// Everything is blocking and thread-agnostic (no event loop needed): use it from a Job's pool
/// thread. The child gets SIGKILL when the thread that started it ends (PR_SET_PDEATHSIG), so a
/// killed tidemark-cli never leaves a node behind: start, use and stop it in one thread.
///
/// Usage:
/// @code
///   auto node = ScratchNode::create(NodeKind::of(chain.kind()), scratchParent);
///   // … restore into the directories of (*node)->configPath() …
///   if (Status s = (*node)->start(); !s) return s.error();   // the node's own error, from its log
///   auto reply = (*node)->query(QStringLiteral("SHOW DATABASES"));
/// @endcode
class ScratchNode {
    Q_DECLARE_TR_FUNCTIONS(ScratchNode)

public:
    struct Options {
        QString parentDir;          ///< Where the scratch directory goes; empty: QDir::tempPath().
        int startTimeoutMs = 60000; ///< How long start() waits for the node to answer.
        int stopTimeoutMs = 20000;  ///< How long stop() waits after SIGTERM before SIGKILL.
    };
    [[nodiscard]] static Result<std::unique_ptr<ScratchNode>> create(const NodeKind &kind, const Options &options);
    [[nodiscard]] static Result<std::unique_ptr<ScratchNode>> create(const NodeKind &kind,
                                                                     const QString &parentDir = {})
    {
        Options options;
        options.parentDir = parentDir;
        return create(kind, options);
    }
    /// Removes the scratch directories of processes that were killed (their `scratch.lock` is
    /// stale) from `parentDir`; create() calls it. Kept ones (keep()) hold no lock and stay.
    static int removeLeftovers(const QString &parentDir);
    /// The program that runs nodes of `kind` (see the class comment), or an error with the fix.
    [[nodiscard]] static Result<QString> findProgram(const NodeKind &kind);

    ScratchNode(const ScratchNode &) = delete;
    ScratchNode &operator=(const ScratchNode &) = delete;
    ~ScratchNode();

    [[nodiscard]] const NodeKind &kind() const { return m_kind; }
    /// The scratch directory (absolute); every directory of the node is inside it.
    [[nodiscard]] QString dir() const { return m_dir.path(); }
    /// The node's config in it (tidemarkd.conf, influxdb.conf): give it to RestoreEngine.
    [[nodiscard]] QString configPath() const { return m_configPath; }
    /// Its HTTP API (`/ping`, `/query`, `/write`) and its snapshot service, both on 127.0.0.1.
    [[nodiscard]] HostPort httpAddress() const { return m_http; }
    [[nodiscard]] HostPort snapshotAddress() const { return m_snapshot; }
    [[nodiscard]] QString program() const { return m_program; }
    /// What the kind gave for this node (NodeKind::scratchSetup): its inspect arguments and
    /// per-database query.
    [[nodiscard]] const NodeKind::ScratchSetup &setup() const { return m_setup; }

    /// Runs the program's content inspection (ScratchSetup::inspectArguments: `tidemarkd inspect
    /// --json`) on the node's data, stopped or running (it only reads), and returns its JSON
    /// report. NotFound when the kind has none; State with the program's words when it fails.
    [[nodiscard]] Result<QJsonObject> inspect(int timeoutMs = 600000) const;

    /// Starts the node and waits until it answers; the error (ErrorCode::State) quotes the end of
    /// its log when it exits or never answers. Stops early (Cancelled) when `cancelled` is set.
    [[nodiscard]] Status start(const std::atomic_bool *cancelled = nullptr);
    [[nodiscard]] bool isRunning() const;
    /// SIGTERM, then SIGKILL after Options::stopTimeoutMs. Returns its exit code (-1: killed or
    /// crashed, or it was not running).
    int stop();
    /// Leaves the scratch directory in place when the object goes (`drill --keep`); the node
    /// is still stopped.
    void keep() { m_dir.setAutoRemove(false); }
    /// The name of the scratch directories in their parent: `tidemark-scratch-node-XXXXXX`.
    static inline const QString kPrefix = QStringLiteral("tidemark-scratch-node-");

    /// The lines of the node's log that report errors (ScratchSetup::errorLogMarker), oldest first.
    [[nodiscard]] QStringList errorLines() const;
    /// The last lines of the node's log (stdout and stderr), at most `maxBytes`.
    [[nodiscard]] QString logTail(int maxBytes = 2000) const;

    /// One blocking HTTP GET on the node's HTTP API (`Connection: close`, up to `timeoutMs`).
    struct Reply {
        int status = 0;
        QByteArray body;
    };
    [[nodiscard]] Result<Reply> get(const QString &pathAndQuery, int timeoutMs = 30000) const;
    /// GET /query with `q` (and `db` when not empty): the body of a 200 answer that carries no
    /// `error` in its JSON, or the error (ErrorCode::Protocol) with the node's own message.
    [[nodiscard]] Result<QByteArray> query(const QString &q, const QString &database = {}, int timeoutMs = 30000) const;

private:
    ScratchNode(const NodeKind &kind, const Options &options, const QString &templatePath);

    const NodeKind &m_kind;
    Options m_options;
    QTemporaryDir m_dir;
    QString m_program;
    QString m_configPath;
    NodeKind::ScratchSetup m_setup;
    HostPort m_http;
    HostPort m_snapshot;
    std::unique_ptr<QProcess> m_process;
    std::unique_ptr<QLockFile> m_lock; ///< `scratch.lock`: this process owns the directory.
};

} // namespace tidemark
