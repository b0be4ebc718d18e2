; Compiles src-tauri/windows/hooks.nsh the way the Tauri NSIS installer includes it, with
; makensis -WX (warnings are errors), so a syntax slip in the hooks fails here rather than on
; the Windows runner (scripts/workflows.sh). The two shortcut macros come from Tauri's own
; template in the real installer; here they are stand-ins with the same parameters and stack
; effect (IsShortcutTarget pushes its answer). Built with -DHOOKS=<file>.
Unicode true
!include LogicLib.nsh
!define PRODUCTNAME "Rolehop"
!macro SetShortcutTarget shortcut target
  DetailPrint "retarget ${shortcut} -> ${target}"
!macroend
!macro IsShortcutTarget shortcut target
  Push 1
!macroend
!include "${HOOKS}"
Name "Rolehop hooks check"
OutFile "${OUT}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\${PRODUCTNAME}"
Section "Install"
  !insertmacro NSIS_HOOK_POSTINSTALL
  WriteUninstaller "$INSTDIR\uninstall.exe"
SectionEnd
Section "Uninstall"
  !insertmacro NSIS_HOOK_POSTUNINSTALL
SectionEnd
