// The SQL expression of a recipient row's name (alias `t`): see RecipientView.name.
export const recipientNameSql = (t: string) =>
  `COALESCE((SELECT rn.name FROM organizations rn WHERE rn.id = ${t}."recipientOrganizationId"),
            (SELECT rs."signerName" FROM document_signatures rs
              WHERE rs."documentId" = ${t}."documentId" AND rs."recipientId" = ${t}.id ORDER BY rs."createdAt" LIMIT 1))`;
