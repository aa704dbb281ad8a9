import { Module } from '@nestjs/common';
import { QueueModule } from '../infrastructure/queue/queue.module';
import { MailModule } from '../mail/mail.module';
import { PaymentsModule } from '../payments/payments.module';
import { RegistryModule } from '../registry/registry.module';
import { DisputeCalendar } from './calendar/dispute-calendar.service';
import { AppointExpertHandler, DeclareConflictHandler, ExpertRotation } from './commands/appointment.handlers';
import { DisputeDeadlineHandler, KeepDisputedDomainHandler } from './commands/deadline.handlers';
import { AppealDecisionHandler, LodgeAppealHandler, RecordDecisionHandler } from './commands/decision.handlers';
import { ClaimRespondentAccessHandler, UploadDocumentHandler } from './commands/document.handlers';
import { CompleteFeePaymentHandler, StartFeePaymentHandler } from './commands/fee.handlers';
import { FileComplaintHandler } from './commands/file-complaint.handler';
import { AddMediationNoteHandler, CourtProceedingsHandler, ExtendDeadlineHandler, SettleDisputeHandler } from './commands/officer.handlers';
import { SubmitStatementHandler } from './commands/party-statement.handler';
import { RejectComplaintHandler, ValidateComplaintHandler } from './commands/review-complaint.handlers';
import { WithdrawComplaintHandler } from './commands/withdraw-complaint.handler';
import { DisputeDeadlines } from './dispute-deadlines.service';
import { EvidenceStore } from './dispute-documents';
import { DisputeFees } from './dispute-fees';
import { DisputeImplementer } from './dispute-implementer';
import { DisputeLock } from './dispute-lock';
import { DisputeQueries } from './dispute-queries';
import { DisputeRepository } from './dispute.repository';
import { DisputeWorkflow } from './dispute-workflow';

const handlers = [
  FileComplaintHandler, ValidateComplaintHandler, RejectComplaintHandler, SubmitStatementHandler, WithdrawComplaintHandler,
  DisputeDeadlineHandler, KeepDisputedDomainHandler, AppointExpertHandler, DeclareConflictHandler, RecordDecisionHandler,
  LodgeAppealHandler, AppealDecisionHandler, AddMediationNoteHandler, SettleDisputeHandler, ExtendDeadlineHandler,
  CourtProceedingsHandler, StartFeePaymentHandler, CompleteFeePaymentHandler, UploadDocumentHandler, ClaimRespondentAccessHandler,
];
const services = [DisputeRepository, DisputeWorkflow, DisputeCalendar, DisputeFees, DisputeLock, DisputeImplementer, ExpertRotation, DisputeDeadlines, EvidenceStore, DisputeQueries];

/**
 * The dispute resolution service's core (issue 7): one handler per step, run through CommandRunner
 * like every registry command, and the services they share. Imported by the panel's dispute pages,
 * the admin console's dispute pages and the worker (deadlines).
 */
@Module({
  imports: [RegistryModule, PaymentsModule, QueueModule, MailModule],
  providers: [...services, ...handlers],
  exports: [...services, ...handlers],
})
export class DisputesModule {}
