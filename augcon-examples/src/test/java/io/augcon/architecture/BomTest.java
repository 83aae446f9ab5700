package io.augcon.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** augcon-bom lists every library module at the build's version and brings none of our third-party versions. */
class BomTest {

    @Test
    void theBomManagesEveryLibraryModuleAtTheProjectVersionAndHasNoParent() throws Exception {
        Document parent = read(Path.of("..", "pom.xml"));
        Document bom = read(Path.of("..", "augcon-bom", "pom.xml"));

        List<String> libraries = new ArrayList<>(texts(parent, "module"));
        libraries.removeAll(List.of("augcon-bom", "augcon-examples"));
        List<String> managed = new ArrayList<>();
        NodeList dependencies = bom.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            assertThat(child(dependency, "groupId")).isEqualTo("io.augcon");
            assertThat(child(dependency, "version")).isEqualTo("${project.version}");
            managed.add(child(dependency, "artifactId"));
        }

        assertThat(managed).containsExactlyInAnyOrderElementsOf(libraries);
        assertThat(bom.getElementsByTagName("parent").getLength()).as("a parent would leak its dependencyManagement").isZero();
        assertThat(child(bom.getDocumentElement(), "version")).isEqualTo(child(parent.getDocumentElement(), "version"));
    }

    private static Document read(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static List<String> texts(Document document, String tag) {
        List<String> out = new ArrayList<>();
        NodeList nodes = document.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent().strip());
        }
        return out;
    }

    /** The text of {@code element}'s direct child {@code tag}. */
    private static String child(Element element, String tag) {
        NodeList children = element.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e && e.getTagName().equals(tag)) {
                return e.getTextContent().strip();
            }
        }
        throw new AssertionError(element.getTagName() + " has no <" + tag + ">");
    }
}
