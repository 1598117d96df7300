package dev.minizk.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shell splits every line into the same words as stock zkCli, or refuses a quote zkCli would drop. */
class TokenizerTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "create /q1 {\"a\":1}",
            "create /app/config {\"db\":\"pg\",\"replicas\":3}",
            "set /a \"hello world\"",
            "set /a 'hello world'",
            "set /a it's",
            "set /a say\"hi\"there",
            "set /a \"ab\"cd",
            "set /a 'it''s'",
            "set /a \"\"",
            "set /a '' world:anyone:r",
            "set /a \"'single' inside\"",
            "  ls   /  ",
            "ls\t/",
            "set /a héllo→世界🙂",
            "set /a x\u3000y",
            "set /a \u00a0nbsp",
            "get /a\r",
            ""})
    void splits_like_zkCli(String line) {
        assertThat(Tokenizer.split(line)).isEqualTo(StockZkCli.words(line));
    }

    @Test
    void json_keeps_its_quotes() {
        assertThat(Tokenizer.split("create /q1 {\"a\":1}")).containsExactly("create", "/q1", "{\"a\":1}");
        assertThat(Tokenizer.split("create /q1 '{\"a\": 1}'")).containsExactly("create", "/q1", "{\"a\": 1}");
    }

    @Test
    void a_quote_that_never_closes_is_refused_where_zkCli_would_drop_it() {
        assertThat(StockZkCli.words("set /a \"oops")).containsExactly("set", "/a", "oops");
        assertThatThrownBy(() -> Tokenizer.split("set /a \"oops"))
                .isInstanceOf(BadArgumentException.class)
                .hasMessage("unterminated quote \" in: set /a \"oops");
        assertThatThrownBy(() -> Tokenizer.split("set /a 'x' 'y"))
                .hasMessage("unterminated quote ' in: set /a 'x' 'y");
    }

    /** Random lines over the characters that matter: equal to zkCli's words, or refused for an open quote. */
    @Test
    void random_lines_split_like_zkCli() {
        String property = System.getProperty("minizk.seed");
        long seed = property == null || property.isBlank() ? System.nanoTime() : Long.parseLong(property.trim());
        Random random = new Random(seed);
        String[] pieces = {"a", "b", "/", "\"", "'", " ", "  ", "\t", "{", "}", ":", ",", "é", "世", "🙂", "\u3000", "\u00a0", "-", "1"};
        int refused = 0;
        for (int i = 0; i < 5_000; i++) {
            StringBuilder line = new StringBuilder();
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                line.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = line.toString();
            List<String> stock = StockZkCli.words(text);
            String replay = "line [" + text + "], seed " + seed
                    + "; replay: mvn -o -q -pl final-system -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest=TokenizerTest -Dminizk.seed=" + seed;
            try {
                assertThat(Tokenizer.split(text)).as(replay).isEqualTo(stock);
            } catch (BadArgumentException e) {
                assertThat(e.getMessage()).as(replay).startsWith("unterminated quote");
                assertThat(text).as(replay + ": refused without a quote").containsAnyOf("\"", "'");
                refused++;
            }
        }
        assertThat(refused).as("some lines have an open quote, most do not").isBetween(1, 4_000);
    }
}
