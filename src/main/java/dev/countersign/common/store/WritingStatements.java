package dev.countersign.common.store;

import dev.countersign.common.H2GroupCommit;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Shows {@link H2GroupCommit} every SQL statement Hibernate sends, so that only transactions that
 * wrote wait for the database file on commit. Changes no statement. It reaches the group commit
 * through {@link H2GroupCommit#noteStatement}, not by injection (see there why).
 */
@PersistenceUnitExtension
public class WritingStatements implements StatementInspector {

    @Override
    public String inspect(String sql) {
        H2GroupCommit.noteStatement(sql);
        return sql;
    }
}
