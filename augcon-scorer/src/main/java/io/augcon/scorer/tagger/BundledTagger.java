package io.augcon.scorer.tagger;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;
import io.augcon.api.Language;
import io.augcon.core.offline.PartOfSpeechTagger;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSTagFormat;
import opennlp.tools.postag.ThreadSafePOSTaggerME;
import opennlp.tools.tokenize.ThreadSafeTokenizerME;
import opennlp.tools.tokenize.TokenizerModel;

/**
 * Tags English with Apache OpenNLP: its maximum-entropy tokenizer trained on the Universal
 * Dependencies English Web Treebank ({@code opennlp-models-tokenizer-en} 1.2) and two taggers, its
 * stock 1.5 Penn Treebank one ({@code en-pos-maxent}) and its UD 1.2 one; a word either calls a verb
 * is a verb. Each alone took a verb for a plural noun on the sample corpus ("the heart rate climbs",
 * "the bike travels"), and a question about such a phrase reads as nonsense. Chinese is tagged
 * with HanLP's dictionary and HMM segmenter, whose ICTCLAS tags tell a verbal noun (vn) from a verb.
 * Each language's models load on first use (about 0.4 s each) and are shared by all threads.
 * Registered for {@link PartOfSpeechTagger#onClassPath()}.
 *
 * <pre>{@code
 * OfflineExpander expander = new OfflineExpander(encoder, new BundledTagger());
 * }</pre>
 */
public final class BundledTagger implements PartOfSpeechTagger {
    private static final String TOKENS = "/opennlp-en-ud-ewt-tokens-1.2-2.5.0.bin";
    private static final String PENN = "/en-pos-maxent.bin";
    private static final String UD = "/opennlp-en-ud-ewt-pos-1.2-2.5.0.bin";
    /**
     * Endings of English nouns that name an action (fermentation, brewing, movement): the UD tag
     * set has no verbal-noun tag, and these derivational suffixes mark one.
     */
    private static final List<String> ACTION_ENDINGS = List.of("tion", "sion", "ment", "ing");
    /** Numerals in Chinese; HanLP also tags quantifiers such as 不少 and 一些 m, which name no quantity. */
    private static final Pattern NUMERAL = Pattern.compile("[0-9０-９零〇一二三四五六七八九十百千万亿两半]");

    /** A tagger; the models load when a text of their language is first tagged. */
    public BundledTagger() {}

    @Override
    public List<Word> tag(String text, Language language) {
        return language == Language.ZH ? chinese(text) : english(text);
    }

    @Override
    public String id() {
        return "opennlp-en-pos-maxent-1.5+ud-ewt-1.2+hanlp-portable-1.8.6";
    }

    private static List<Word> english(String text) {
        String[] tokens = English.TOKENIZER.tokenize(text);
        String[] penn = English.PENN_TAGGER.tag(tokens);
        String[] ud = English.UD_TAGGER.tag(tokens);
        List<Word> words = new ArrayList<>(tokens.length);
        for (int i = 0; i < tokens.length; i++) {
            boolean udVerb = ud[i].equals("VERB") || ud[i].equals("AUX");
            words.add(new Word(tokens[i], udVerb ? Tag.VERB : englishTag(tokens[i], penn[i])));
        }
        return words;
    }

    /** Penn Treebank tags to the offline mode's classes. */
    static Tag englishTag(String word, String penn) {
        return switch (penn) {
            case "NN", "NNS" -> ACTION_ENDINGS.stream().anyMatch(word::endsWith) && word.length() > 5 ? Tag.VERBAL_NOUN : Tag.NOUN;
            case "NNP", "NNPS" -> Tag.PROPER_NOUN;
            case "CD" -> Tag.NUMBER;
            case "JJ", "JJR", "JJS" -> Tag.ADJECTIVE;
            case "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD" -> Tag.VERB;
            default -> Tag.OTHER;
        };
    }

    private static List<Word> chinese(String text) {
        List<Term> terms = Chinese.SEGMENT.seg(text);
        List<Word> words = new ArrayList<>(terms.size());
        for (Term term : terms) {
            words.add(new Word(term.word, chineseTag(term.word, term.nature.toString())));
        }
        return words;
    }

    /**
     * HanLP's ICTCLAS tags to the offline mode's classes: ns (place) and nt (organisation) are names;
     * vn is a verbal noun; other n* and g* (academic terms) are nouns; m (numeral) and mq (numeral
     * with measure word) are numbers when they hold a numeral. Person-name recognition is off: on
     * the sample corpus it took verb fragments such as 铺着 for names.
     */
    static Tag chineseTag(String word, String nature) {
        if (nature.startsWith("ns") || nature.equals("nt") || nature.startsWith("ntc")) {
            return Tag.PROPER_NOUN;
        }
        if (nature.equals("vn")) {
            return Tag.VERBAL_NOUN;
        }
        if (nature.startsWith("n") || nature.startsWith("g")) {
            return Tag.NOUN;
        }
        if (nature.equals("m") || nature.equals("mq")) {
            return NUMERAL.matcher(word).find() ? Tag.NUMBER : Tag.OTHER;
        }
        if (nature.startsWith("a")) {
            return Tag.ADJECTIVE;
        }
        return nature.startsWith("v") ? Tag.VERB : Tag.OTHER;
    }

    /** OpenNLP's English models, loaded when the class is first used. */
    private static final class English {
        static final ThreadSafeTokenizerME TOKENIZER = new ThreadSafeTokenizerME(BundledTagger.<TokenizerModel>load(TOKENS, TokenizerModel::new));
        static final ThreadSafePOSTaggerME PENN_TAGGER = new ThreadSafePOSTaggerME(
                BundledTagger.<POSModel>load(PENN, POSModel::new), POSTagFormat.PENN);
        static final ThreadSafePOSTaggerME UD_TAGGER = new ThreadSafePOSTaggerME(
                BundledTagger.<POSModel>load(UD, POSModel::new), POSTagFormat.UD);
    }

    /** HanLP's default segmenter (dictionary plus HMM), without person names; loaded when first used. */
    private static final class Chinese {
        static final Segment SEGMENT = HanLP.newSegment().enableNameRecognize(false);
    }

    private interface ModelReader<M> {
        M read(InputStream in) throws IOException;
    }

    private static <M> M load(String resource, ModelReader<M> reader) {
        try (InputStream in = BundledTagger.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("OpenNLP model " + resource + " is missing from the class path:"
                        + " augcon-scorer needs org.apache.opennlp:opennlp-models-tokenizer-en and -pos-en, and edu.washington.cs.knowitall:opennlp-postag-models");
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read OpenNLP model " + resource, e);
        }
    }
}
