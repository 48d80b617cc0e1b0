// Chat prompts: the family is recognised from tokenizer.chat_template, the
// turn is written the way that family's published template writes it, and
// its markers become their vocabulary ids. A file without a template we know
// runs the raw prompt and says why.
#include <QTest>

#include <algorithm>
#include <string>
#include <vector>

#include "common/cli_run.h"
#include "common/fixtures.h"
#include "engine/formats/model_file.h"
#include "engine/tokenizer/chat_template.h"
#include "engine/tokenizer/tokenizer.h"

using engine::ChatFormat;

namespace {

struct Loaded {
    std::unique_ptr<engine::ModelFile> file;
    std::unique_ptr<engine::Tokenizer> tokenizer;
};

Loaded load(const QString& path)
{
    Loaded l;
    auto file = engine::openModelFile(path.toStdString(), "");
    if (!file) return l;
    l.file = std::make_unique<engine::ModelFile>(std::move(*file));
    auto tok = engine::Tokenizer::fromModel(*l.file);
    if (tok) l.tokenizer = std::move(*tok);
    return l;
}

// Where `needle` starts in `ids`, at or after `from`; ids.size() when absent.
size_t find(const std::vector<int32_t>& ids, int32_t needle, size_t from = 0)
{
    return size_t(std::find(ids.begin() + std::ptrdiff_t(from), ids.end(), needle) - ids.begin());
}

}  // namespace

class TestChatTemplate : public QObject {
    Q_OBJECT

private slots:
    // Fragments of each family's template, as their model cards publish them.
    void detect_data()
    {
        QTest::addColumn<QString>("jinja");
        QTest::addColumn<int>("format");
        QTest::newRow("llama3") << "{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n' + "
                                   "message['content'] | trim + '<|eot_id|>' }}"
                                << int(ChatFormat::Llama3);
        QTest::newRow("chatml") << "{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}"
                                << int(ChatFormat::ChatMl);
        QTest::newRow("phi3") << "{{'<|user|>' + '\n' + message['content'] + '<|end|>' + '\n' + '<|assistant|>' + '\n'}}"
                              << int(ChatFormat::Phi3);
        QTest::newRow("gemma") << "{{ '<start_of_turn>' + role + '\n' + message['content'] | trim + '<end_of_turn>\n' }}"
                               << int(ChatFormat::Gemma);
        QTest::newRow("llama2") << "{% set content = '<<SYS>>\\n' + system_message + '\\n<</SYS>>\\n\\n' %}"
                                   "{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}"
                                << int(ChatFormat::Llama2);
        QTest::newRow("mistral") << "{{ '[INST] ' + message['content'] + ' [/INST]' }}" << int(ChatFormat::Mistral);
        QTest::newRow("unknown") << "{% for m in messages %}### {{ m['role'] }}: {{ m['content'] }}{% endfor %}" << -1;
    }

    void detect()
    {
        QFETCH(QString, jinja);
        QFETCH(int, format);
        const auto found = engine::detectChatFormat(jinja.toStdString());
        QCOMPARE(found ? int(*found) : -1, format);
    }

    void format_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("system");
        QTest::addColumn<QString>("expected");
        const QString s = "Be brief.";
        QTest::newRow("llama3") << int(ChatFormat::Llama3) << QString()
                                << "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
                                   "<|start_header_id|>assistant<|end_header_id|>\n\n";
        QTest::newRow("llama3 system") << int(ChatFormat::Llama3) << s
                                       << "<|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
                                          "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
                                          "<|start_header_id|>assistant<|end_header_id|>\n\n";
        QTest::newRow("chatml system") << int(ChatFormat::ChatMl) << s
                                       << "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
                                          "<|im_start|>assistant\n";
        QTest::newRow("phi3") << int(ChatFormat::Phi3) << QString() << "<|user|>\nHi<|end|>\n<|assistant|>\n";
        QTest::newRow("gemma system") << int(ChatFormat::Gemma) << s
                                      << "<start_of_turn>user\nBe brief.\n\nHi<end_of_turn>\n<start_of_turn>model\n";
        QTest::newRow("llama2 system") << int(ChatFormat::Llama2) << s
                                       << "[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi [/INST]";
        QTest::newRow("mistral") << int(ChatFormat::Mistral) << QString() << "[INST] Hi [/INST]";
    }

    void format()
    {
        QFETCH(int, format);
        QFETCH(QString, system);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(engine::formatChat(ChatFormat(format), system.toStdString(), "Hi")),
                 expected);
    }

    // The Phi-3 vocabulary carries Microsoft's template: recognised, and the
    // turn markers become their ids (plain text would split them into pieces).
    void phi3PromptIds()
    {
        REQUIRE_SHARED_FIXTURE(path, "llama-vocab/ggml-vocab-phi-3.gguf");
        const Loaded l = load(path);
        QVERIFY(l.file && l.tokenizer);
        const engine::ChatPrompt chat = engine::buildChatPrompt(*l.file, *l.tokenizer, "", "Tell me a story.");
        QVERIFY(chat.format);
        QCOMPARE(*chat.format, ChatFormat::Phi3);
        QVERIFY(chat.note.empty());
        const int32_t user = 32010, end = 32007, assistant = 32001;
        QCOMPARE(l.tokenizer->tokenText(user), std::string("<|user|>"));
        QCOMPARE(l.tokenizer->tokenText(assistant), std::string("<|assistant|>"));
        QCOMPARE(chat.ids.front(), l.tokenizer->bos());
        const size_t u = find(chat.ids, user), e = find(chat.ids, end, u), a = find(chat.ids, assistant, e);
        QVERIFY(u == 1 && e < chat.ids.size() && a < chat.ids.size());
        QCOMPARE(l.tokenizer->decode({chat.ids.begin() + std::ptrdiff_t(u) + 1, chat.ids.begin() + std::ptrdiff_t(e)}),
                 std::string("\nTell me a story."));
        QCOMPARE(a + 2, chat.ids.size());  // <|assistant|> "\n": the answer starts next
    }

    // Control tokens match in the text only when asked (llama.cpp's parse_special).
    void controlTokensOnlyWithSpecial()
    {
        REQUIRE_SHARED_FIXTURE(path, "llama-vocab/ggml-vocab-llama-spm.gguf");
        const Loaded l = load(path);
        QVERIFY(l.file && l.tokenizer);
        const int32_t eos = l.tokenizer->eos();
        QCOMPARE(l.tokenizer->tokenType(eos), engine::TokenType::Control);
        const std::string text = "Hello" + l.tokenizer->tokenText(eos) + " world";
        const std::vector<int32_t> special = l.tokenizer->encode(text, false, true);
        const std::vector<int32_t> plain = l.tokenizer->encode(text, false);
        QVERIFY(find(special, eos) < special.size());
        QCOMPARE(find(plain, eos), plain.size());
    }

    // No template: the raw prompt runs, and the user is told why.
    void noTemplateRunsRawPrompt()
    {
        REQUIRE_SHARED_FIXTURE(path, "stories260K.gguf");
        const Loaded l = load(path);
        QVERIFY(l.file && l.tokenizer);
        const engine::ChatPrompt chat = engine::buildChatPrompt(*l.file, *l.tokenizer, "", "Once upon a time");
        QVERIFY(!chat.format);
        QVERIFY(chat.note.find("no tokenizer.chat_template") != std::string::npos);
        QCOMPARE(chat.ids, l.tokenizer->encode("Once upon a time", l.tokenizer->addBosByDefault()));

        const testsupport::CliRun run = testsupport::runCli(
            {"generate", path, "--prompt", "Once upon a time", "-n", "8", "--temperature", "0", "--chat", "--json"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains("no tokenizer.chat_template"), run.err.constData());
        const QJsonObject j = testsupport::jsonObject(run.out);
        QVERIFY(j.value("chat_format").isNull());
        const testsupport::CliRun bad = testsupport::runCli({"generate", path, "--system", "x"});
        QVERIFY(bad.exitCode != 0);
        QVERIFY2(bad.err.contains("--system needs --chat"), bad.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestChatTemplate)
#include "tst_chat_template.moc"
