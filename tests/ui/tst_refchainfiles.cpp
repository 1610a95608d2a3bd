// The main window on an InfluxDB 1.x chain whose incremental holds its shard as a reference link
// (issue 19, archive format 4): a real influxd 1.6.7, a full and an incremental taken by the real
// tidemark-cli (`--whole-files`), the incremental rewritten with tests/support/RefLinks. The
// link's files show the rebuilt tar's size with the stored bytes beside ("(references: stored
// …)", as block links show theirs), Contents… lists the rebuilt shard, and Verify passes.
#include "support/InfluxProcess.h"
#include "support/NodeData.h"
#include "support/NodeProcess.h"
#include "support/RefLinks.h"
#include "support/WidgetProbe.h"

#include "AppTranslator.h"
#include "ChainPane.h"
#include "ChainView.h"
#include "ContentsDialog.h"
#include "MainWindow.h"
#include "NodeStore.h"
#include "Units.h"
#include "snapshot/BackupChain.h"

#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace tidemark;
using namespace tidemark::ui;

namespace {

// `count` points of one series from second `from` on (one shard: all in a week).
QByteArray points(int from, int count)
{
    QByteArray lines;
    for (int i = from; i < from + count; ++i)
        lines += "cpu,host=a v=" + QByteArray::number(i) + "i,f=" + QByteArray::number(i * 0.37, 'g', 12) + " " +
                 QByteArray::number((1600000000LL + i) * 1000000000LL) + '\n';
    return lines;
}

} // namespace

class TestRefChainFiles : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;
    QTemporaryDir m_backupDir;
    AppTranslator m_translator; // English, as the application shows it without a locale of its own.
    InfluxProcess m_node;

    QString chainPath() const { return m_backupDir.filePath(QStringLiteral("influx")); }

    bool backup()
    {
        QByteArray err;
        const int code = NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("--kind"),
                                              QStringLiteral("influxdb1"), QStringLiteral("-host"),
                                              m_node.snapshotHost(), QStringLiteral("--whole-files"), chainPath()},
                                             nullptr, &err);
        if (code != 0)
            qWarning("backup: %s", err.constData());
        return code == 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!InfluxProcess::binary().isEmpty(), "influxd is not installed (scripts/deps.sh installs it)");
        QVERIFY(m_settingsDir.isValid() && m_backupDir.isValid());
        m_translator.install(QLocale(QStringLiteral("en")));
        NodeData::isolateSettings(m_settingsDir.path());
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QCOMPARE(m_node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+gui")).status, 200);
        QCOMPARE(m_node.request("POST", QStringLiteral("/write?db=gui"), points(0, 4000)).status, 204);
        QVERIFY(backup());
        // The node tells changes by the second of a file's time: the next one comes a second later.
        QTest::qWait(1100);
        QCOMPARE(m_node.request("POST", QStringLiteral("/write?db=gui"), points(4000, 500)).status, 204);
        QVERIFY(backup());
        const Status rewritten = RefLinks::rewrite(chainPath(), 0);
        QVERIFY2(rewritten.ok(), rewritten.ok() ? "" : qPrintable(rewritten.error().toString()));
    }

    void cleanupTestCase() { QCOMPARE(m_node.stop(), 0); }

    void referenceLinkShownReadAndVerified()
    {
        auto chain = BackupChain::open(chainPath());
        QVERIFY(chain.ok() && chain->links().size() == 2);
        const ManifestFile *shard = nullptr;
        for (const ManifestFile &f : chain->links()[1].manifest.files) {
            if (f.isRefLink())
                shard = &f;
        }
        QVERIFY2(shard, "the incremental holds no reference link");

        NodeEntry entry{QString(), QStringLiteral("influx"), m_node.snapshotHost(), {chainPath()}, 24};
        entry.kind = Manifest::Kind::InfluxDb1;
        const QString id = NodeStore().save(entry);
        MainWindow window;
        window.selectNode(id);
        window.selectLocation(chainPath());
        window.resize(1000, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_COMPARE_WITH_TIMEOUT(window.chainView()->count(), 2, 30000);

        // The incremental's files: the shard's rebuilt size, its stored bytes beside.
        auto *files = window.findChild<QTreeWidget *>(QStringLiteral("filesTable"));
        QVERIFY(files);
        QTest::mouseClick(window.chainView()->cardButton(1), Qt::LeftButton);
        QTreeWidgetItem *row = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                row = nullptr;
                for (int i = 0; i < files->topLevelItemCount(); ++i) {
                    if (files->topLevelItem(i)->text(0) == shard->name)
                        row = files->topLevelItem(i);
                }
                return row != nullptr;
            }(),
            10000);
        QCOMPARE(row->text(1), QStringLiteral("%1 (references: stored %2)")
                                   .arg(Units::bytes(shard->fileSize()), Units::bytes(shard->size)));
        QCOMPARE(row->text(3), shard->fileChecksum());
        // To look at the real window: TIDEMARK_SCREENSHOT_DIR=DIR xvfb-run … tst_refchainfiles.
        if (const QString dir = qEnvironmentVariable("TIDEMARK_SCREENSHOT_DIR"); !dir.isEmpty()) {
            QTest::qWait(500); // The chain's cards are laid out after the click.
            QVERIFY(window.grab().save(QDir(dir).filePath(QStringLiteral("reference-link-files.png"))));
        }

        // Contents… of that link: the rebuilt shard's measurement and series.
        ContentsDialog *contents = window.chainPane()->openContents();
        QVERIFY(contents);
        QTRY_VERIFY_WITH_TIMEOUT(!contents->isReading(), 60000);
        QVERIFY2(contents->contents(), qPrintable(contents->error().message));
        QTreeWidgetItem *gui = nullptr;
        for (int i = 0; i < contents->tree()->topLevelItemCount(); ++i) {
            if (contents->tree()->topLevelItem(i)->text(ContentsDialog::NameColumn) == QStringLiteral("gui"))
                gui = contents->tree()->topLevelItem(i);
        }
        QVERIFY(gui && gui->childCount() == 1);
        QTreeWidgetItem *policy = gui->child(0);
        QCOMPARE(policy->childCount(), 1);
        QCOMPARE(policy->child(0)->childCount(), 1);
        QCOMPARE(policy->child(0)->child(0)->text(ContentsDialog::NameColumn), QStringLiteral("cpu"));
        QCOMPARE(policy->child(0)->child(0)->text(ContentsDialog::SeriesColumn), QStringLiteral("1"));
        contents->close();

        // Verify through the window rebuilds the shard and passes.
        QSignalSpy finished(&window, &MainWindow::jobFinished);
        auto *verify = window.findChild<QPushButton *>(QStringLiteral("verifyButton"));
        QVERIFY(verify && verify->isEnabled());
        QTest::mouseClick(verify, Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QVERIFY(finished.first().first().toBool());
    }
};

QTEST_MAIN(TestRefChainFiles)

#include "tst_refchainfiles.moc"
