// tidemarkd: the reference data node. Subcommands:
//   tidemarkd [run] -config FILE     serve HTTP and snapshots until SIGINT/SIGTERM
//   tidemarkd config [-dir DIR] ...  print a complete default config
//   tidemarkd inspect -config FILE | -data DIR [--json]
//   tidemarkd backup [-host H:P] PATH, tidemarkd restore -config CONF PATH
//                                    the seed's own command names: exactly tidemark-cli's commands
#include "cli/BackupCommand.h"
#include "cli/RestoreCommand.h"
#include "common/Error.h"
#include "common/SignalWatcher.h"
#include "config/NodeConfig.h"
#include "node/DataNode.h"
#include "node/HttpServer.h"
#include "node/NodeHttpApi.h"
#include "node/NodeInspector.h"
#include "node/SnapshotService.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>

using namespace tidemark;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int fail(const Error &error)
{
    err() << "tidemarkd: " << error.toString() << Qt::endl;
    return static_cast<int>(error.code);
}

int usage(QCommandLineParser &parser, const QString &message)
{
    err() << "tidemarkd: " << message << "\n\n" << parser.helpText() << Qt::flush;
    return static_cast<int>(ErrorCode::Usage);
}

void addCommonHelp(QCommandLineParser &parser)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addHelpOption();
}

int runConfig(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Print a complete default tidemarkd config (TOML) with comments."));
    addCommonHelp(parser);
    const QCommandLineOption dir(QStringLiteral("dir"), QStringLiteral("Put broker/ and data/ under DIR."),
                                 QStringLiteral("DIR"), QStringLiteral("/var/lib/tidemark"));
    const QCommandLineOption http(QStringLiteral("http-bind"), QStringLiteral("HTTP bind address."),
                                  QStringLiteral("HOST:PORT"), QStringLiteral("127.0.0.1:8086"));
    const QCommandLineOption snapshot(QStringLiteral("snapshot-bind"), QStringLiteral("Snapshot service bind address."),
                                      QStringLiteral("HOST:PORT"), QStringLiteral("127.0.0.1:8808"));
    parser.addOptions({dir, http, snapshot});
    parser.process(args);
    const QString root = QDir::cleanPath(QDir(parser.value(dir)).absolutePath());
    auto httpBind = HostPort::parse(parser.value(http));
    if (!httpBind)
        return usage(parser, QStringLiteral("-http-bind: ") + httpBind.error().message);
    auto snapshotBind = HostPort::parse(parser.value(snapshot));
    if (!snapshotBind)
        return usage(parser, QStringLiteral("-snapshot-bind: ") + snapshotBind.error().message);
    out() << NodeConfig::defaultText(root + QStringLiteral("/broker"), root + QStringLiteral("/data"), httpBind.value(),
                                     snapshotBind.value())
          << Qt::flush;
    return 0;
}

int runInspect(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Print, per database and shard, the point count, highest index, bytes and a content digest.\n"
                       "Works on a stopped node and read-only beside a running one."));
    addCommonHelp(parser);
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("The node's config file."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("A data directory (instead of -config)."),
                                  QStringLiteral("DIR"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOptions({config, data, json});
    parser.process(args);
    QString dataDir = parser.value(data);
    if (parser.isSet(config) == parser.isSet(data))
        return usage(parser, QStringLiteral("give exactly one of -config FILE or -data DIR"));
    if (parser.isSet(config)) {
        auto loaded = NodeConfig::load(parser.value(config));
        if (!loaded)
            return fail(loaded.error());
        dataDir = loaded->dataDir;
    }
    auto report = NodeInspector::inspect(QDir(dataDir).absolutePath());
    if (!report)
        return fail(report.error());
    if (parser.isSet(json))
        out() << QJsonDocument(report->toJson()).toJson(QJsonDocument::Indented) << Qt::flush;
    else
        out() << report->toText() << Qt::flush;
    return 0;
}

int runNode(QCoreApplication &app, const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Run the data node: InfluxDB 1.x compatible HTTP API (/ping, /write, /query) on [http] bind-address.\n"
        "Other commands: 'tidemarkd config' prints a default config, 'tidemarkd inspect' reports the data,\n"
        "'tidemarkd backup [-host H:P] PATH' takes a backup and 'tidemarkd restore -config CONF PATH' restores one\n"
        "(the same commands, options, output and exit codes as 'tidemark-cli backup' and 'tidemark-cli restore')."));
    addCommonHelp(parser);
    parser.addVersionOption();
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("The config file (TOML)."),
                                    QStringLiteral("FILE"));
    parser.addOption(config);
    parser.process(args);
    if (!parser.isSet(config))
        return usage(parser,
                     QStringLiteral("-config FILE is required (create one with: tidemarkd config > tidemarkd.conf)"));
    if (!parser.positionalArguments().isEmpty())
        return usage(parser, QStringLiteral("unknown command '%1'").arg(parser.positionalArguments().first()));

    auto loaded = NodeConfig::load(parser.value(config));
    if (!loaded)
        return fail(loaded.error());
    auto node = DataNode::open(loaded.value());
    if (!node)
        return fail(node.error());

    NodeHttpApi api(*node.value());
    HttpServer http([&api](const HttpRequest &r) { return api.handle(r); }, loaded->maxBodyBytes);
    http.setCommonHeaders(NodeHttpApi::commonHeaders());
    if (Status s = http.listen(loaded->httpBind); !s)
        return fail(s.error());

    // Snapshots name the node by the address it answers on: the port the kernel gave for port 0.
    NodeConfig served = loaded.value();
    if (served.httpBind.port == 0)
        served.httpBind.port = http.serverPort();
    SnapshotService snapshots(*node.value(), served);
    if (Status s = snapshots.listen(); !s)
        return fail(s.error());

    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, &app, [&app](int number) {
        err() << "tidemarkd: signal " << number << " received, shutting down" << Qt::endl;
        app.quit();
    });
    // Tests and scripts read this line to learn the port when the config asks for port 0.
    err() << "tidemarkd: listening for HTTP on " << loaded->httpBind.host << ':' << http.serverPort() << " (data "
          << loaded->dataDir << ", index " << node.value()->index() << ")" << Qt::endl;
    err() << "tidemarkd: listening for snapshots on " << loaded->snapshotBind.host << ':' << snapshots.serverPort()
          << (loaded->snapshotEnabled ? "" : " (snapshots disabled: requests get 404)")
          << (loaded->snapshotAuthToken.isEmpty() ? "" : " (auth token required)") << Qt::endl;
    const int rc = app.exec();
    err() << "tidemarkd: stopped cleanly at index " << node.value()->index() << Qt::endl;
    return rc;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tidemarkd"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TIDEMARK_VERSION));
    QStringList args = app.arguments();
    const QString command = args.value(1);
    if (command == QLatin1String("config") || command == QLatin1String("inspect") || command == QLatin1String("run")) {
        args.removeAt(1);
        if (command == QLatin1String("config"))
            return runConfig(args);
        if (command == QLatin1String("inspect"))
            return runInspect(args);
    }
    // The seed's `influxd backup` / `influxd restore`, from the node's own binary: the very
    // commands of tidemark-cli, so options, output and exit codes are the same.
    if (command == QLatin1String("backup") || command == QLatin1String("restore")) {
        QTextStream cliOut(stdout);
        QTextStream cliErr(stderr);
        const QStringList cliArgs = args.mid(1);
        if (command == QLatin1String("backup"))
            return cli::BackupCommand().execute(cliArgs, {cliOut, cliErr});
        return cli::RestoreCommand().execute(cliArgs, {cliOut, cliErr});
    }
    if (command == QLatin1String("version")) {
        out() << "tidemarkd " << TIDEMARK_VERSION << Qt::endl;
        return 0;
    }
    return runNode(app, args);
}
