// Package dockerfile holds the Dockerfile rules (DF...). Each rule is a
// read-only *rule.Rule value in its own file, with its metadata, its check
// and its documentation.
package dockerfile

import (
	"fmt"

	"github.com/dockguard/dockguard/lint/dockerfile"
	"github.com/dockguard/dockguard/lint/rule"
	"github.com/dockguard/dockguard/lint/source"
)

// Rules returns the Dockerfile rules in ID order.
func Rules() []*rule.Rule {
	return []*rule.Rule{
		Syntax,
		RootUser,
		MissingHealthcheck,
		UntrustedImage,
		MutableBaseTag,
		UnpinnedDigest,
		AdminPortExposed,
		SecretInArgEnv,
		HealthcheckNotEvident,
		RunShellSyntax,
		PipeToShell,
		UnverifiedDownload,
		VerificationDisabled,
		VerificationDisabledEnv,
		SudoInRun,
		WorldWritable,
		SetuidBit,
		PasswordOnCommandLine,
		SSHServer,
		SecretInRun,
		DockerGroupMember,
		AddRemoteUnverified,
		AddInsteadOfCopy,
		CopyThenExtract,
		SecretFileCopied,
		BroadCopyNoIgnore,
		CopyIgnoredFile,
		BuildPrivilege,
		RootHomeNonRoot,
		CopyFromOwnStage,
		CopyFromLaterStage,
		ExposePortRange,
		CopyDestSlash,
		NoEmptyContinuation,
		DuplicateStageName,
		ReservedStageName,
		JSONArgsRecommended,
		MaintainerDeprecated,
		UndefinedArgInFrom,
		WorkdirRelativePath,
		UndefinedVar,
		MultipleInstructionsDisallowed,
		InvalidDefaultArgInFrom,
		FromPlatformFlagConstDisallowed,
		RedundantTargetPlatform,
		ExposeInvalidFormat,
		StageNameCasing,
		FromAsCasing,
		ConsistentInstructionCasing,
		ExposeProtoCasing,
		LegacyKeyValueFormat,
		InvalidDefinitionDescription,
		AptInScripts,
		MissingAssumeYes,
		NoInstallRecommends,
		UpdateWithoutInstall,
		UseraddHighUID,
		CdInsteadOfWorkdir,
		PipeWithoutPipefail,
		WgetProgress,
		OSPackageUnpinned,
		LanguagePackageUnpinned,
		AptListsNotRemoved,
		ApkCache,
		RpmCacheNotCleaned,
		PipCache,
		YarnCache,
		ConsecutiveRun,
		LabelKeyFormat,
		LabelMissing,
		LabelValueInvalid,
		LabelNotInSchema,
		NoEffectCommand,
		DistroUpgrade,
		EnvSameStatementRef,
		CopyRelativeDest,
		CopyWholeStageFS,
		UserNameNotUID,
		WgetAndCurl,
		ShellSwappedByLn,
		WorkdirSystemDir,
		VolumeEngineSocket,
		CopyFromIndex,
		CopyChownRuntimeUser,
		InlineIgnorePragma,
	}
}

// imageNoun names an image reference by its use in messages: "base image",
// "syntax frontend image", "COPY --from image", "RUN --mount image".
func imageNoun(r *dockerfile.ImageRef) string {
	switch r.Use {
	case dockerfile.UseFrom:
		return "base image"
	case dockerfile.UseSyntax:
		return "syntax frontend image"
	}
	return r.Use.String() + " image"
}

// imageDesc names a base image for messages: the expanded name, and the
// text as written when an ARG changed it.
func imageDesc(b *dockerfile.Base) string {
	if b.Token.Value != "" && b.Token.Value != b.Name {
		return fmt.Sprintf("%q (from %q)", b.Name, b.Token.Value)
	}
	return fmt.Sprintf("%q", b.Name)
}

// endOf is the empty range at the end of r: where a fix inserts text.
func endOf(r source.Range) source.Range { return source.Range{Start: r.End, End: r.End} }
