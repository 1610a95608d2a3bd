// tidemark: the desktop GUI, or with --cli the same commands as tidemark-cli.
// The application object is chosen before any GUI object exists, so `--cli` needs no display.
#include "cli/CliRunner.h"
#include "AppTranslator.h"
#include "MainWindow.h"

#include <QApplication>
#include <QCoreApplication>
#include <QIcon>

#include <cstring>

int main(int argc, char **argv)
{
    const bool cli = argc > 1 && std::strcmp(argv[1], "--cli") == 0;
    if (cli) {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("tidemark"));
        QCoreApplication::setApplicationVersion(QStringLiteral(TIDEMARK_VERSION));
        QTextStream out(stdout);
        QTextStream err(stderr);
        return tidemark::cli::runCli(app.arguments().mid(2), {out, err});
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("tidemark"));
    QApplication::setApplicationDisplayName(QStringLiteral("Tidemark"));
    QApplication::setApplicationVersion(QStringLiteral(TIDEMARK_VERSION));
    QApplication::setOrganizationName(QStringLiteral("tidemark"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/tidemark.svg")));
    QApplication::setDesktopFileName(QStringLiteral("tidemark"));
    // The GUI follows the system locale (LANG / LC_MESSAGES); without a translation it is English.
    tidemark::ui::AppTranslator translator;
    translator.install(QLocale());
    tidemark::ui::MainWindow window;
    window.show();
    return app.exec();
}
