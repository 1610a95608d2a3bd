<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Not shipped: tst_installedtranslations installs it beside its own binary to show that a
     translation in <prefix>/share/tidemark/translations is found. -->
<TS version="2.1" language="fr_FR">
<context>
    <name>tidemark::ui::ChainPane</name>
    <message>
        <source>Back up now</source>
        <translation>Sauvegarder maintenant</translation>
    </message>
</context>
</TS>
