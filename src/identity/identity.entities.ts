import { ApiKey } from './entities/api-key.entity';
import { Invitation } from './entities/invitation.entity';
import { LoginAttempt } from './entities/login-attempt.entity';
import { Membership } from './entities/membership.entity';
import { Organization } from './entities/organization.entity';
import { Session } from './entities/session.entity';
import { SignatureChallenge } from './entities/signature-challenge.entity';
import { User } from './entities/user.entity';

// The tables identity owns; the composition root (src/entities.ts) registers them.
export const IDENTITY_ENTITIES = [Organization, User, Membership, Session, LoginAttempt, ApiKey, SignatureChallenge, Invitation];
