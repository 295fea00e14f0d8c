package dev.countersign;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.countersign.common.BackgroundJob;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.scheduler.Scheduled;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The layout rules of CONVENTIONS.md, checked on the compiled main classes: JAX-RS only in
 * {@code http/}, JPA and Panache only in {@code store/}, {@code common} depends on no feature, a
 * feature reaches another only through its root package, and the features form no cycle.
 */
class ArchitectureTest {
    private static final String BASE = "dev.countersign";
    private static final String COMMON = BASE + ".common";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);

    private static final DescribedPredicate<JavaClass> JAX_RS = JavaClass.Predicates.resideInAnyPackage(
            "jakarta.ws.rs..", "org.jboss.resteasy..", "io.quarkus.resteasy..", "io.quarkus.rest..");

    private static final DescribedPredicate<JavaClass> PERSISTENCE = DescribedPredicate.describe(
            "are JPA, Hibernate ORM or Panache types",
            c -> c.getPackageName().startsWith("jakarta.persistence")
                    || c.getPackageName().startsWith("io.quarkus.hibernate.orm")
                    || c.getPackageName().startsWith("io.quarkus.panache")
                    || c.getPackageName().startsWith("org.hibernate"));

    @Nested
    @DisplayName("Background jobs stop with the service")
    class BackgroundJobs {
        @Test
        void everyScheduledMethodPassesTheShutdownGate() {
            methods()
                    .that()
                    .areAnnotatedWith(Scheduled.class)
                    .should()
                    .beAnnotatedWith(BackgroundJob.class)
                    .check(MAIN);
        }
    }

    @Nested
    @DisplayName("CONVENTIONS.md Layout: adapters in side rooms")
    class SideRooms {
        @Test
        void usesJaxRsOnlyInHttpPackages() {
            noClasses()
                    .that()
                    .resideOutsideOfPackage("..http..")
                    .should()
                    .dependOnClassesThat(JAX_RS)
                    .check(MAIN);
        }

        @Test
        void usesJpaAndPanacheOnlyInStorePackages() {
            noClasses()
                    .that()
                    .resideOutsideOfPackage("..store..")
                    .should()
                    .dependOnClassesThat(PERSISTENCE)
                    .check(MAIN);
        }

        @Test
        void keepsEntitiesInStorePackages() {
            classes()
                    .that()
                    .areAnnotatedWith(Entity.class)
                    .should()
                    .resideInAPackage("..store..")
                    .check(MAIN);
        }

        @Test
        void neverHandsEntitiesToResources() {
            noClasses()
                    .that()
                    .resideInAPackage("..http..")
                    .should()
                    .dependOnClassesThat()
                    .areAnnotatedWith(Entity.class)
                    .check(MAIN);
        }

        @Test
        void usesRepositoriesRatherThanActiveRecordEntities() {
            noClasses().should().beAssignableTo(PanacheEntityBase.class).check(MAIN);
        }
    }

    @Nested
    @DisplayName("CONVENTIONS.md Layout: features meet at their root packages")
    class FeatureBoundaries {
        @Test
        void keepsCommonIndependentOfEveryFeature() {
            noClasses()
                    .that()
                    .resideInAPackage(COMMON + "..")
                    .should()
                    .dependOnClassesThat(JavaClass.Predicates.resideInAPackage(BASE + "..")
                            .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage(COMMON + ".."))))
                    .check(MAIN);
        }

        @Test
        void reachesAnotherFeatureOnlyThroughItsRootPackage() {
            classes().should(onlyReachOtherFeaturesThroughTheirRoot()).check(MAIN);
        }

        @Test
        void usesCommonHttpOnlyFromHttpPackages() {
            noClasses()
                    .that()
                    .resideOutsideOfPackage("..http..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(COMMON + ".http..")
                    .check(MAIN);
        }

        @Test
        void formsNoCycleBetweenFeatures() {
            slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(MAIN);
        }
    }

    @Nested
    @DisplayName("CONVENTIONS.md Names")
    class Names {
        @Test
        void avoidsManagerHelperUtilAndImplNames() {
            noClasses()
                    .should()
                    .haveSimpleNameEndingWith("Manager")
                    .orShould()
                    .haveSimpleNameEndingWith("Helper")
                    .orShould()
                    .haveSimpleNameEndingWith("Helpers")
                    .orShould()
                    .haveSimpleNameEndingWith("Util")
                    .orShould()
                    .haveSimpleNameEndingWith("Utils")
                    .orShould()
                    .haveSimpleNameEndingWith("Impl")
                    .check(MAIN);
        }
    }

    /** A dependency into another feature must target that feature's root package, not a side room. */
    private static ArchCondition<JavaClass> onlyReachOtherFeaturesThroughTheirRoot() {
        return new ArchCondition<>("reach other features only through their root package") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass();
                    String targetFeature = feature(target.getPackageName());
                    boolean intoSideRoom = target.getPackageName().length() > (BASE + "." + targetFeature).length();
                    if (targetFeature != null
                            && !targetFeature.equals("common")
                            && !targetFeature.equals(feature(origin.getPackageName()))
                            && intoSideRoom) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }

    /** The feature a package belongs to ({@code ciba} for {@code dev.countersign.ciba.store}). */
    private static String feature(String packageName) {
        if (!packageName.startsWith(BASE + ".")) {
            return null;
        }
        String rest = packageName.substring(BASE.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
