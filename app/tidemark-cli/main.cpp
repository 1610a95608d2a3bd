// tidemark-cli: the headless front end. Links core only (no Widgets), so it runs on servers.
#include "cli/CliRunner.h"

#include <QCoreApplication>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tidemark-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TIDEMARK_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return tidemark::cli::runCli(app.arguments().mid(1), {out, err});
}
