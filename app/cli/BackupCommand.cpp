#include "cli/BackupCommand.h"

#include "alerts/MetricsFile.h"
#include "backup/BackupJob.h"
#include "cli/CommonOptions.h"
#include "cli/JobRunner.h"
#include "cli/Passphrase.h"
#include "common/CompressionOptions.h"
#include "common/RateLimiter.h"
#include "kinds/NodeKind.h"
#include "storage/EncryptedChainStore.h"

namespace tidemark::cli {

int BackupCommand::execute(const QStringList &args, CliStreams streams)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        summary() +
        QStringLiteral("\nRun again with the same PATH for an incremental; a new PATH starts a new chain."));
    CommonOptions common(parser, true);
    const QCommandLineOption compress(
        QStringLiteral("compress"),
        QStringLiteral("Compress the archive: none (default), zstd (level 3) or zstd:LEVEL (-7 fastest to 19 smallest, "
                       "not 0; the negative levels are zstd's fast ones)."),
        QStringLiteral("ALGORITHM"), QStringLiteral("none"));
    const QCommandLineOption compressThreads(
        QStringLiteral("compress-threads"),
        QStringLiteral("zstd worker threads (where the archive is compressed: on a Tidemark node, which uses at most "
                       "its cores); 0 compresses without worker threads (default: one per core)."),
        QStringLiteral("N"));
    const QCommandLineOption limitRate(
        QStringLiteral("limit-rate"),
        QStringLiteral(
            "Receive at most RATE bytes per second from the node: 500K, 50M, 1G (KiB, MiB, GiB per second)."),
        QStringLiteral("RATE"));
    const QCommandLineOption database(
        QStringLiteral("database"),
        QStringLiteral("InfluxDB 1.x: back up this database only (repeat for more; default all)."),
        QStringLiteral("NAME"));
    const QCommandLineOption retries(
        QStringLiteral("retries"),
        QStringLiteral("Try again up to N times when the connection fails (refused, lost, timed out); "
                       "other errors are never retried (default 0)."),
        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption retryWait(
        QStringLiteral("retry-wait"),
        QStringLiteral("Seconds before the first retry, doubled for each next one, at most 30 (default 1)."),
        QStringLiteral("SECONDS"), QStringLiteral("1"));
    const QCommandLineOption connections(
        QStringLiteral("connections"),
        QStringLiteral("InfluxDB 1.x: fetch N shards at once, each over its own connection, 1 to %1 (default %2, or "
                       "%3 with --compress zstd: compressing is then the slowest step).")
            .arg(ConnectionSettings::kMaxConnections)
            .arg(ConnectionSettings::kDefaultConnections)
            .arg(ConnectionSettings::kDefaultCompressedConnections),
        QStringLiteral("N"));
    const QCommandLineOption encrypt(
        QStringLiteral("encrypt"),
        QStringLiteral("Start an encrypted chain (every later link is encrypted too; a plain chain refuses it): its "
                       "key comes from --passphrase-file or --key-file (or is asked twice on the terminal)."));
    const QCommandLineOption keyLabel(QStringLiteral("key-label"),
                                      QStringLiteral("With --encrypt: a label for the new chain's first key."),
                                      QStringLiteral("TEXT"));
    const QCommandLineOption maxLinks(
        QStringLiteral("max-links"),
        QStringLiteral("Incremental forever: PATH names a series and the backup goes to its newest chain; a chain "
                       "holding K links is first rolled onto a synthetic full (PATH-YYYYMMDDTHHMMSSZ, made from the "
                       "chain, not the node), so no chain grows past K links (2 to 10000)."),
        QStringLiteral("K"));
    const QCommandLineOption metricsFile(
        QStringLiteral("metrics-file"),
        QStringLiteral("After the backup, successful or not, write Prometheus metrics of every node's backups (from "
                       "the job history) to FILE, atomically, for node_exporter's textfile collector."),
        QStringLiteral("FILE"));
    const QCommandLineOption wholeFiles(
        QStringLiteral("whole-files"),
        QStringLiteral("An incremental holds each changed file whole: not only its changed blocks (block links, "
                       "Tidemark nodes), nor references into the chain's version of it (reference links, InfluxDB "
                       "shards), so it needs no earlier link for its files."));
    parser.addOptions({compress, compressThreads, limitRate, database, retries, retryWait, connections, encrypt,
                       keyLabel, maxLinks, metricsFile, wholeFiles});
    const KdfOptions kdfOptions(parser);
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("The backup chain's full snapshot file."));
    int exitCode = 0;
    if (!common.parse(args, streams, &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1) {
        streams.err << "backup: give exactly one PATH\n\n" << parser.helpText() << Qt::flush;
        return static_cast<int>(ErrorCode::Usage);
    }
    auto compression = CompressionOptions::parse(parser.value(compress));
    if (!compression) {
        streams.err << "backup: " << compression.error().message << "\n" << Qt::flush;
        return static_cast<int>(ErrorCode::Usage);
    }
    if (parser.isSet(compressThreads)) {
        bool threadsOk = false;
        const int threads = parser.value(compressThreads).toInt(&threadsOk);
        if (!threadsOk || threads < 0 || threads > CompressionOptions::kMaxThreads) {
            streams.err << "backup: --compress-threads takes a whole number from 0 to "
                        << CompressionOptions::kMaxThreads << ", e.g. --compress-threads 2\n"
                        << Qt::flush;
            return static_cast<int>(ErrorCode::Usage);
        }
        if (!compression->zstd) {
            streams.err << "backup: --compress-threads needs --compress zstd or zstd:LEVEL\n" << Qt::flush;
            return static_cast<int>(ErrorCode::Usage);
        }
        compression->threads = threads;
    }
    qint64 rate = 0;
    if (parser.isSet(limitRate)) {
        auto parsed = RateLimiter::parse(parser.value(limitRate));
        if (!parsed) {
            streams.err << "backup: " << parsed.error().message << "\n" << Qt::flush;
            return static_cast<int>(ErrorCode::Usage);
        }
        rate = parsed.value();
    }

    if (parser.isSet(database) && !NodeKind::of(common.kind()).backsUpChosenDatabases()) {
        streams.err << "backup: --database needs --kind influxdb1 (a Tidemark node is always backed up whole)\n"
                    << Qt::flush;
        return static_cast<int>(ErrorCode::Usage);
    }
    bool retriesOk = false;
    const int retryCount = parser.value(retries).toInt(&retriesOk);
    if (!retriesOk || retryCount < 0 || retryCount > 100) {
        streams.err << "backup: --retries takes a whole number from 0 to 100\n" << Qt::flush;
        return static_cast<int>(ErrorCode::Usage);
    }
    bool waitOk = false;
    const double waitSeconds = parser.value(retryWait).toDouble(&waitOk);
    if (!waitOk || waitSeconds < 0 || waitSeconds > BackupJob::kMaxRetryWaitMs / 1000) {
        streams.err << "backup: --retry-wait takes seconds from 0 to " << BackupJob::kMaxRetryWaitMs / 1000 << "\n"
                    << Qt::flush;
        return static_cast<int>(ErrorCode::Usage);
    }
    int connectionCount = ConnectionSettings::kAutoConnections; // Not given: the default for the compression.
    if (parser.isSet(connections)) {
        bool connectionsOk = false;
        connectionCount = parser.value(connections).toInt(&connectionsOk);
        if (!connectionsOk || connectionCount < 1 || connectionCount > ConnectionSettings::kMaxConnections) {
            streams.err << "backup: --connections takes a whole number from 1 to "
                        << ConnectionSettings::kMaxConnections << "\n"
                        << Qt::flush;
            return static_cast<int>(ErrorCode::Usage);
        }
    }
    int maxLinkCount = 0;
    if (parser.isSet(maxLinks)) {
        bool maxOk = false;
        maxLinkCount = parser.value(maxLinks).toInt(&maxOk);
        if (!maxOk || maxLinkCount < 2 || maxLinkCount > 10000) {
            streams.err << "backup: --max-links takes a whole number from 2 to 10000 (the full and K-1 "
                           "incrementals per chain), e.g. --max-links 8\n"
                        << Qt::flush;
            return static_cast<int>(ErrorCode::Usage);
        }
    }
    const auto kdf = kdfOptions.parse(QStringLiteral("backup"), streams.err);
    if (!kdf)
        return static_cast<int>(ErrorCode::Usage);
    // A new encrypted chain's passphrase typed on the terminal is asked twice, before the node is.
    if (parser.isSet(encrypt) && !common.secretGiven() && haveTerminal()) {
        const auto store = ChainStore::open(ChainStore::canonicalLocation(parser.positionalArguments().first()));
        auto listing = store->list();
        if (listing && listing->links.empty()) {
            auto secret = askPassphrase(QStringLiteral("Passphrase for the new chain %1: ").arg(store->path()), true);
            if (!secret)
                return reportError(makeError(ErrorCode::Usage, QStringLiteral("No passphrase given for the new chain"),
                                             QStringLiteral("Type it twice, or give --passphrase-file FILE.")),
                                   common.json(), streams);
            ChainSecrets::addSecret(std::move(*secret));
        }
    }
    BackupJob::Options options;
    static_cast<ConnectionSettings &>(options) = common.settings();
    options.encrypt = parser.isSet(encrypt);
    options.kdf = *kdf;
    options.keyLabel = parser.value(keyLabel);
    options.databases = parser.values(database);
    options.retries = retryCount;
    options.retryWaitMs = static_cast<int>(waitSeconds * 1000.0);
    options.connections = connectionCount;
    options.path = parser.positionalArguments().first();
    options.compression = compression.value();
    options.limitRate = rate;
    options.maxLinks = maxLinkCount;
    options.wholeFiles = parser.isSet(wholeFiles);
    BackupJob job(options);
    JobRunner runner(streams, common.json());
    (void)runner.run(job);
    // The history has the job's row now: the metrics include this backup, good or failed.
    if (parser.isSet(metricsFile)) {
        if (auto written = MetricsFile::write(parser.value(metricsFile)); !written)
            streams.err << "tidemark: warning: metrics file not written: " << written.error().toString() << Qt::endl;
    }
    const BackupResult &result = job.result();
    if (!result.ok())
        return reportError(result.error, common.json(), streams);
    const QString path = result.chain.isEmpty() ? parser.positionalArguments().first() : result.chain;
    if (!result.rolledFrom.isEmpty()) {
        if (common.json())
            printJson(QJsonObject{{QStringLiteral("event"), QStringLiteral("rolled")},
                                  {QStringLiteral("from"), result.rolledFrom},
                                  {QStringLiteral("to"), result.chain},
                                  {QStringLiteral("bytes"), result.syntheticBytes}},
                      streams.out);
        else
            streams.out << "Rolled " << result.rolledFrom << " (" << maxLinkCount << " links) onto a synthetic full at "
                        << result.chain << " (" << formatBytes(result.syntheticBytes)
                        << ", made from the chain; the node sent no full)." << Qt::endl;
    }
    if (result.nothingChanged) {
        if (common.json())
            printJson(QJsonObject{{QStringLiteral("event"), QStringLiteral("done")},
                                  {QStringLiteral("chain"), path},
                                  {QStringLiteral("node"), result.manifest.clusterUrl},
                                  {QStringLiteral("nothingChanged"), true}},
                      streams.out);
        else
            streams.out << "Nothing changed since the last backup in the chain '" << path << "': no new file written."
                        << Qt::endl;
        return 0;
    }
    if (common.json()) {
        printJson(QJsonObject{{QStringLiteral("event"), QStringLiteral("done")},
                              {QStringLiteral("path"), result.path},
                              {QStringLiteral("chain"), path},
                              {QStringLiteral("node"), result.manifest.clusterUrl},
                              {QStringLiteral("incremental"), result.incremental},
                              {QStringLiteral("files"), static_cast<int>(result.manifest.files.size())},
                              {QStringLiteral("bytes"), result.archiveBytes},
                              {QStringLiteral("index"), static_cast<qint64>(result.manifest.index)},
                              {QStringLiteral("seconds"), static_cast<double>(result.seconds10) / 10.0}},
                  streams.out);
        return 0;
    }
    streams.out << (result.incremental ? "Incremental" : "Full") << " backup written to " << result.path << ": "
                << result.manifest.files.size() << " files, " << formatBytes(result.archiveBytes) << ", index "
                << result.manifest.index << ", " << static_cast<double>(result.seconds10) / 10.0 << " s" << Qt::endl;
    return 0;
}

} // namespace tidemark::cli
