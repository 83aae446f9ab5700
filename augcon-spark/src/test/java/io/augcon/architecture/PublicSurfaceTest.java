package io.augcon.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The library's exported surface, checked on the compiled main classes of every module: packages
 * named {@code internal} are not API, no exported signature hands one of their types to a user,
 * the README's table lists exactly the exported packages, and no two packages import each other.
 */
class PublicSurfaceTest {
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `(io\\.augcon\\.[a-z0-9.]+)` \\|", Pattern.MULTILINE);
    private static JavaClasses library;

    @BeforeAll
    static void importLibrary() {
        library = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/augcon-testkit/") && !location.contains("augcon-testkit-"))
                .importPackages("io.augcon");
    }

    @Test
    void noPackageDependsOnAPackageThatDependsOnIt() {
        slices().matching("io.augcon.(**)").should().beFreeOfCycles().check(library);
    }

    @Test
    void exportedSignaturesNeverNameAnInternalType() {
        List<String> leaks = new ArrayList<>();
        for (JavaClass type : library) {
            if (!exported(type)) {
                continue;
            }
            for (JavaCodeUnit unit : type.getCodeUnits()) {
                if (!unit.getModifiers().contains(JavaModifier.PUBLIC) && !unit.getModifiers().contains(JavaModifier.PROTECTED)) {
                    continue;
                }
                List<JavaClass> named = new ArrayList<>(unit.getRawParameterTypes());
                named.add(unit.getRawReturnType());
                named.stream().filter(PublicSurfaceTest::internal)
                        .forEach(t -> leaks.add(unit.getFullName() + " names " + t.getName()));
            }
            for (JavaField field : type.getFields()) {
                if (field.getModifiers().contains(JavaModifier.PUBLIC) && internal(field.getRawType())) {
                    leaks.add(field.getFullName() + " is of " + field.getRawType().getName());
                }
            }
            type.getRawSuperclass().filter(PublicSurfaceTest::internal)
                    .ifPresent(s -> leaks.add(type.getName() + " extends " + s.getName()));
            type.getRawInterfaces().stream().filter(PublicSurfaceTest::internal)
                    .forEach(i -> leaks.add(type.getName() + " implements " + i.getName()));
        }
        assertThat(leaks).as("exported API that hands out internal types").isEmpty();
    }

    @Test
    void theReadmeTableListsExactlyTheExportedPackages() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        String section = readme.substring(readme.indexOf("## Public API"));
        section = section.substring(0, section.indexOf("\n## ", 3));
        Set<String> listed = new TreeSet<>();
        Matcher row = TABLE_ROW.matcher(section);
        while (row.find()) {
            listed.add(row.group(1));
        }
        Set<String> exported = new TreeSet<>();
        for (JavaClass type : library) {
            if (exported(type) && !type.getPackageName().startsWith("io.augcon.cli")) {
                exported.add(type.getPackageName());
            }
        }
        assertThat(listed).as("packages in README.md's Public API table").isEqualTo(exported);
    }

    /** A public top-level type (or a public member type of one) outside every internal package. */
    private static boolean exported(JavaClass type) {
        JavaClass outer = type;
        while (outer.getEnclosingClass().isPresent()) {
            if (!outer.getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
            outer = outer.getEnclosingClass().get();
        }
        return outer.getModifiers().contains(JavaModifier.PUBLIC) && !type.isAnonymousClass()
                && type.getModifiers().contains(JavaModifier.PUBLIC) && !internal(type);
    }

    private static boolean internal(JavaClass type) {
        return type.getPackageName().startsWith("io.augcon.") && type.getPackageName().contains(".internal");
    }
}
