// OWL 2 DL profile check with the OWL API bundled in owlready2's HermiT.jar (tests/test_ontology.py runs it):
//   java -cp .../owlready2/hermit/HermiT.jar ProfileCheck.java ontology/plankg.ttl
// Prints one line per profile violation and exits 1 when there is any.
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class ProfileCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation v : report.getViolations()) {
            System.out.println(v.toString().replace('\n', ' '));
        }
        System.out.println("axioms " + ontology.getAxiomCount() + " violations " + report.getViolations().size());
        System.exit(report.isInProfile() ? 0 : 1);
    }
}
