import type { EntityManager } from 'typeorm';

// The transaction a service passes along so that several modules' writes commit together (a job,
// an audit event, a feed event with the change that causes them). Services name it instead of
// importing typeorm: only repositories know it is TypeORM's EntityManager underneath. An alias,
// so nothing changes at run time.
export type Transaction = EntityManager;
