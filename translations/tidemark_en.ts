<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Alert</name>
    <message numerus="yes">
        <source>Tidemark: no %1 of %2 for %n hour(s)</source>
        <translation>
            <numerusform>Tidemark: no %1 of %2 for %n hour</numerusform>
            <numerusform>Tidemark: no %1 of %2 for %n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>No successful %1 of %2 for more than %n hour(s). %3</source>
        <translation>
            <numerusform>No successful %1 of %2 for more than %n hour. %3</numerusform>
            <numerusform>No successful %1 of %2 for more than %n hours. %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> after %n tries</source>
        <translation>
            <numerusform> after %n try</numerusform>
            <numerusform> after %n tries</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BackupChain</name>
    <message numerus="yes">
        <source>The chain has %n incremental(s); %1.</source>
        <translation>
            <numerusform>The chain has %n incremental; %1.</numerusform>
            <numerusform>The chain has %n incrementals; %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Influx1OnlineImporter</name>
    <message numerus="yes">
        <source>checking %n shard(s) in %1</source>
        <translation>
            <numerusform>checking %n shard in %1</numerusform>
            <numerusform>checking %n shards in %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>database &apos;%1&apos; restored on %2: %n shard(s)</source>
        <translation>
            <numerusform>database &apos;%1&apos; restored on %2: %n shard</numerusform>
            <numerusform>database &apos;%1&apos; restored on %2: %n shards</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>rebuilding &apos;%1&apos; from %n link(s) of the chain</source>
        <translation>
            <numerusform>rebuilding &apos;%1&apos; from %n link of the chain</numerusform>
            <numerusform>rebuilding &apos;%1&apos; from %n links of the chain</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TsmIndex</name>
    <message numerus="yes">
        <source>the file has %n byte(s)</source>
        <translation>
            <numerusform>the file has %n byte</numerusform>
            <numerusform>the file has %n bytes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n min ago</numerusform>
            <numerusform>%n min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>%n h ago</numerusform>
            <numerusform>%n h ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Webhook</name>
    <message numerus="yes">
        <source>Webhook %1 not delivered after %n tries: %2</source>
        <translation>
            <numerusform>Webhook %1 not delivered after %n try: %2</numerusform>
            <numerusform>Webhook %1 not delivered after %n tries: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tidemark::BackupJob</name>
    <message numerus="yes">
        <source>rolling %1 (%n link(s)) onto a synthetic full at %2</source>
        <translation>
            <numerusform>rolling %1 (%n link) onto a synthetic full at %2</numerusform>
            <numerusform>rolling %1 (%n links) onto a synthetic full at %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tidemark::ConsolidateJob</name>
    <message numerus="yes">
        <source>reading %n link(s) of %1</source>
        <translation>
            <numerusform>reading %n link of %1</numerusform>
            <numerusform>reading %n links of %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>rebuilding %n file(s) from their block links</source>
        <translation>
            <numerusform>rebuilding %n file from its block links</numerusform>
            <numerusform>rebuilding %n files from their block links</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>rebuilding %n file(s) from their reference links</source>
        <translation>
            <numerusform>rebuilding %n file from its reference links</numerusform>
            <numerusform>rebuilding %n files from their reference links</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tidemark::CopyJob</name>
    <message numerus="yes">
        <source>Copy cancelled; &apos;%1&apos; keeps the %n link(s) copied before, and nothing of the link that was being copied</source>
        <translation>
            <numerusform>Copy cancelled; &apos;%1&apos; keeps the %n link copied before, and nothing of the link that was being copied</numerusform>
            <numerusform>Copy cancelled; &apos;%1&apos; keeps the %n links copied before, and nothing of the link that was being copied</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tidemark::ui::CatalogDialog</name>
    <message numerus="yes">
        <source>&lt;b&gt;%n chain(s)&lt;/b&gt;, %1 in %2</source>
        <translation>
            <numerusform>&lt;b&gt;%n chain&lt;/b&gt;, %1 in %2</numerusform>
            <numerusform>&lt;b&gt;%n chains&lt;/b&gt;, %1 in %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tidemark::ui::ChainPane</name>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n file</numerusform>
            <numerusform>%n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n shard(s)</source>
        <translation>
            <numerusform>%n shard</numerusform>
            <numerusform>%n shards</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 chain: %n link(s); next backup goes to %2.</source>
        <translation>
            <numerusform>%1 chain: %n link; next backup goes to %2.</numerusform>
            <numerusform>%1 chain: %n links; next backup goes to %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>A series of chains of at most %n link(s) each: once this one is full, the next backup rolls it onto a synthetic full in a new chain beside it.</source>
        <translation>
            <numerusform>A series of chains of at most %n link each: once this one is full, the next backup rolls it onto a synthetic full in a new chain beside it.</numerusform>
            <numerusform>A series of chains of at most %n links each: once this one is full, the next backup rolls it onto a synthetic full in a new chain beside it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>A series of chains of at most %n link(s) each: its newest chain is %1.</source>
        <translation>
            <numerusform>A series of chains of at most %n link each: its newest chain is %1.</numerusform>
            <numerusform>A series of chains of at most %n links each: its newest chain is %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tidemark::ui::HistoryDialog</name>
    <message numerus="yes">
        <source>%n job(s)</source>
        <translation>
            <numerusform>%n job</numerusform>
            <numerusform>%n jobs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n failed</source>
        <translation>
            <numerusform>, %n failed</numerusform>
            <numerusform>, %n failed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tidemark::ui::JobLauncher</name>
    <message numerus="yes">
        <source>Wrote %1: %2 (%n file(s)), index %3.</source>
        <translation>
            <numerusform>Wrote %1: %2 (%n file), index %3.</numerusform>
            <numerusform>Wrote %1: %2 (%n files), index %3.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %n chain(s), freed %1 (%2).</source>
        <translation>
            <numerusform>Removed %n chain, freed %1 (%2).</numerusform>
            <numerusform>Removed %n chains, freed %1 (%2).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tidemark::ui::LocationDialog</name>
    <message numerus="yes">
        <source>✔ OK: %n object(s) under %1.</source>
        <translation>
            <numerusform>✔ OK: %n object under %1.</numerusform>
            <numerusform>✔ OK: %n objects under %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tidemark::ui::MainWindow</name>
    <message numerus="yes">
        <source>%n job(s) still running. Cancel them and quit? Cancelled backups leave the chain as it was.</source>
        <translation>
            <numerusform>%n job still running. Cancel it and quit? A cancelled backup leaves the chain as it was.</numerusform>
            <numerusform>%n jobs still running. Cancel them and quit? Cancelled backups leave the chain as it was.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tidemark::ui::NodesPane</name>
    <message numerus="yes">
        <source>%n shard(s), databases: %1</source>
        <translation>
            <numerusform>%n shard, databases: %1</numerusform>
            <numerusform>%n shards, databases: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tidemark::ui::RestoreChainPage</name>
    <message numerus="yes">
        <source>Everything: the full snapshot and all %n incremental(s) (%1)</source>
        <translation>
            <numerusform>Everything: the full snapshot and its %n incremental (%1)</numerusform>
            <numerusform>Everything: the full snapshot and all %n incrementals (%1)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Verifying %n link(s): every checksum and every file they hold…</source>
        <translation>
            <numerusform>Verifying %n link: every checksum and every file it holds…</numerusform>
            <numerusform>Verifying %n links: every checksum and every file they hold…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tidemark::ui::RestoreConfigPage</name>
    <message numerus="yes">
        <source>%n problem(s) to fix before restoring; change the fields or fix the node, then Check again.</source>
        <translation>
            <numerusform>%n problem to fix before restoring; change the fields or fix the node, then Check again.</numerusform>
            <numerusform>%n problems to fix before restoring; change the fields or fix the node, then Check again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tidemark::ui::RestorePlanPage</name>
    <message numerus="yes">
        <source>Restore &lt;b&gt;%1&lt;/b&gt; (%n link(s)) into the node of &lt;b&gt;%2&lt;/b&gt;; %3 to write, owner &lt;b&gt;%4&lt;/b&gt;.</source>
        <translation>
            <numerusform>Restore &lt;b&gt;%1&lt;/b&gt; (%n link) into the node of &lt;b&gt;%2&lt;/b&gt;; %3 to write, owner &lt;b&gt;%4&lt;/b&gt;.</numerusform>
            <numerusform>Restore &lt;b&gt;%1&lt;/b&gt; (%n links) into the node of &lt;b&gt;%2&lt;/b&gt;; %3 to write, owner &lt;b&gt;%4&lt;/b&gt;.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tidemark::ui::RestoreResultPage</name>
    <message numerus="yes">
        <source>%1 (%n link(s), %2) is now in %3, owned by %4.</source>
        <translation>
            <numerusform>%1 (%n link, %2) is now in %3, owned by %4.</numerusform>
            <numerusform>%1 (%n links, %2) is now in %3, owned by %4.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tidemark::ui::RetentionDialog</name>
    <message numerus="yes">
        <source>&lt;b&gt;Prune now would remove %n chain(s) and free %1&lt;/b&gt; (%2).</source>
        <translation>
            <numerusform>&lt;b&gt;Prune now would remove %n chain and free %1&lt;/b&gt; (%2).</numerusform>
            <numerusform>&lt;b&gt;Prune now would remove %n chains and free %1&lt;/b&gt; (%2).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n chain(s) from %1 and free %2? Their files are deleted; this cannot be undone.</source>
        <translation>
            <numerusform>Remove %n chain from %1 and free %2? Its files are deleted; this cannot be undone.</numerusform>
            <numerusform>Remove %n chains from %1 and free %2? Their files are deleted; this cannot be undone.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tidemark::ui::UnlockDialog</name>
    <message numerus="yes">
        <source>%n passphrase(s)</source>
        <translation>
            <numerusform>%n passphrase</numerusform>
            <numerusform>%n passphrases</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n key file(s)</source>
        <translation>
            <numerusform>%n key file</numerusform>
            <numerusform>%n key files</numerusform>
        </translation>
    </message>
</context>
</TS>
